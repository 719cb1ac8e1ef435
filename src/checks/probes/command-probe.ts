import type { CheckOf } from '../../config/checks-schema.js';
import { describeOutcome, excerpt, spawnCapped } from '../spawn-capped.js';
import type { ProbeOutcome } from './probe.js';

/** A command from this agent's own config file; its exit code decides, its output explains. */
export async function probeCommand(check: CheckOf<'command'>): Promise<ProbeOutcome> {
  const [file, args] = typeof check.command === 'string' ? [check.command, []] : [check.command[0] ?? '', check.command.slice(1)];
  const out = await spawnCapped({ file, args, shell: check.shell, timeoutMs: check.timeout, maxOutputBytes: check.maxOutputBytes });
  const outcome = describeOutcome(out, check.timeout);
  const text = excerpt(out.output);
  const details = { exitCode: out.exitCode, signal: out.signal, output: out.output, truncated: out.truncated };
  const message = `${outcome}${text ? `: ${text}` : ''}`;
  if (out.exitCode !== null && check.okCodes.includes(out.exitCode)) return { status: 'ok', message, latencyMs: out.durationMs, details };
  if (out.exitCode !== null && check.warnCodes.includes(out.exitCode)) return { status: 'warn', message, latencyMs: out.durationMs, details };
  return { status: 'fail', message, latencyMs: out.durationMs, details };
}
