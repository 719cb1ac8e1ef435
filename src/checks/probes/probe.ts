import type { HostRepo } from '../../fleet/host-repo.js';
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
  now(): number;
};

export function fail(message: string, details?: Record<string, unknown>, latencyMs: number | null = null): ProbeOutcome {
  return { status: 'fail', message, latencyMs, ...(details ? { details } : {}) };
}
