import type { CheckOf } from '../../config/checks-schema.js';
import { describeOutcome, excerpt, spawnCapped } from '../spawn-capped.js';
import { fail, type ProbeOutcome } from './probe.js';

/**
 * `systemctl show -p ActiveState,SubState --value <unit>`: prints ActiveState then SubState, one
 * per line, in systemd's property order. Without systemd the check fails with a message, no crash.
 */
export async function probeSystemd(check: CheckOf<'systemd'>, systemctl: string): Promise<ProbeOutcome> {
  const out = await spawnCapped({ file: systemctl, args: ['show', '-p', 'ActiveState,SubState', '--value', '--', check.unit], timeoutMs: check.timeout, maxOutputBytes: 4096 });
  if (out.error?.code === 'ENOENT') return fail(`systemd is not available on this host (${systemctl} not found)`);
  if (/not been booted with systemd|Failed to connect to bus/i.test(out.output)) return fail(`systemd is not running on this host (${excerpt(out.output, 120)})`);
  if (out.error || out.timedOut || out.exitCode !== 0) {
    return fail(`systemctl show ${check.unit}: ${describeOutcome(out, check.timeout)}${out.output ? `: ${excerpt(out.output)}` : ''}`);
  }
  const [active = '', sub = ''] = out.output.trim().split('\n').map((l) => l.trim());
  const state = `${check.unit} is ${active || 'unknown'}${sub ? ` (${sub})` : ''}`;
  const details = { activeState: active, subState: sub };
  if (active === 'active') return { status: 'ok', message: state, latencyMs: null, details };
  if (active === 'activating' || active === 'reloading' || active === 'deactivating') return { status: 'warn', message: state, latencyMs: null, details };
  return { status: 'fail', message: state, latencyMs: null, details };
}
