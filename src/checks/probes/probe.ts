import type { CheckOf } from '../../config/checks-schema.js';
import type { HostRepo } from '../../fleet/host-repo.js';
import type { Proc } from './proc-list.js';
import type { CheckStatus } from '../types.js';

/** What one probe found. The runner adds host, check, kind and time. */
export type ProbeOutcome = { status: CheckStatus; message: string; latencyMs: number | null; details?: Record<string, unknown> };

/** The outside world a probe may touch, passed in so tests point it at fixtures or real servers. */
export type ProbeContext = {
  host: string;
  hosts: Pick<HostRepo, 'get'>;
  procRoot: string;
  etcRoot: string;
  systemctl: string;
  /** Present on hosts booted with systemd (sd_booted(3) tests this directory). */
  systemdRunDir: string;
  now(): number;
  /** This tick's one scan of /proc, shared by its process checks; without it each lists /proc. */
  processes?: () => Promise<Proc[] | null>;
  /** Where HTTP, TCP and command probes run; without one they run in the caller's event loop. */
  thread?: TimedProbeRunner;
};

/** Checks whose result includes a time (latency, run time). */
export type TimedCheck = CheckOf<'http' | 'tcp' | 'command'>;

/** Runs timed probes somewhere their timing is not delayed by other work (probe-thread-client.ts). */
export type TimedProbeRunner = { run(check: TimedCheck, now: () => number): Promise<ProbeOutcome> };

export function fail(message: string, details?: Record<string, unknown>, latencyMs: number | null = null): ProbeOutcome {
  return { status: 'fail', message, latencyMs, ...(details ? { details } : {}) };
}

/**
 * The agent could not tell (no systemd, an unreadable pidfile, no snapshot to read): not a failure
 * of what is checked. Reports leave this time out of availability and say so.
 */
export function unknown(message: string, details?: Record<string, unknown>): ProbeOutcome {
  return { status: 'unknown', message, latencyMs: null, ...(details ? { details } : {}) };
}
