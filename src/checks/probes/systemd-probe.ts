import { stat } from 'node:fs/promises';
import type { CheckOf } from '../../config/checks-schema.js';
import { describeOutcome, excerpt, spawnCapped } from '../spawn-capped.js';
import { fail, unknown, type ProbeContext, type ProbeOutcome } from './probe.js';

const NO_SYSTEMD = { systemd: false };

/** sd_booted(3): the host runs systemd as init exactly when this directory exists. */
async function bootedWithSystemd(runDir: string): Promise<boolean> {
  return stat(runDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * `systemctl show -p ActiveState,SubState --value <unit>`: prints ActiveState then SubState, one
 * per line, in systemd's property order. On a host without systemd (a container, another init)
 * nothing can be known about a unit: the result is unknown with the reason, not a failure, so
 * availability leaves that time out instead of counting the host as down.
 */
export async function probeSystemd(check: CheckOf<'systemd'>, ctx: Pick<ProbeContext, 'systemctl' | 'systemdRunDir'>): Promise<ProbeOutcome> {
  const { systemctl } = ctx;
  if (!(await bootedWithSystemd(ctx.systemdRunDir)))
    return unknown(`systemd is not running on this host (no ${ctx.systemdRunDir}): the state of ${check.unit} cannot be known`, NO_SYSTEMD);
  const out = await spawnCapped({
    file: systemctl,
    args: ['show', '-p', 'ActiveState,SubState', '--value', '--', check.unit],
    timeoutMs: check.timeout,
    maxOutputBytes: 4096,
  });
  if (out.error?.code === 'ENOENT')
    return unknown(`systemd is not available on this host (${systemctl} not found): the state of ${check.unit} cannot be known`, NO_SYSTEMD);
  if (/not been booted with systemd|Failed to connect to bus/i.test(out.output))
    return unknown(`systemd is not running on this host (${excerpt(out.output, 120)})`, NO_SYSTEMD);
  if (out.error || out.timedOut || out.exitCode !== 0) {
    return fail(`systemctl show ${check.unit}: ${describeOutcome(out, check.timeout)}${out.output ? `: ${excerpt(out.output)}` : ''}`);
  }
  const [active = '', sub = ''] = out.output
    .trim()
    .split('\n')
    .map((l) => l.trim());
  const state = `${check.unit} is ${active || 'unknown'}${sub ? ` (${sub})` : ''}`;
  const details = { activeState: active, subState: sub };
  if (active === 'active') return { status: 'ok', message: state, latencyMs: null, details };
  if (active === 'activating' || active === 'reloading' || active === 'deactivating') return { status: 'warn', message: state, latencyMs: null, details };
  return { status: 'fail', message: state, latencyMs: null, details };
}
