import type { RestartConfig } from '../config/checks-schema.js';
import { describeOutcome, excerpt, spawnCapped } from './spawn-capped.js';

export type RestartRun = { command: string; exitCode: number | null; outcome: string; output: string };

/**
 * Runs a check's restart as configured in this agent's own config file: `systemctl restart <unit>`
 * or the configured command. Nothing here ever comes from Redis, a job payload or the network.
 */
export async function runRestart(opts: { restart: RestartConfig; systemctl: string }): Promise<RestartRun> {
  const r = opts.restart;
  let file: string;
  let args: string[];
  if (r.unit !== undefined) {
    file = opts.systemctl;
    args = ['restart', '--', r.unit];
  } else if (typeof r.command === 'string') {
    file = r.command;
    args = [];
  } else {
    file = r.command?.[0] ?? '';
    args = r.command?.slice(1) ?? [];
  }
  const out = await spawnCapped({ file, args, shell: r.unit === undefined && r.shell, timeoutMs: r.timeout, maxOutputBytes: 8192 });
  return { command: [file, ...args].join(' '), exitCode: out.exitCode, outcome: describeOutcome(out, r.timeout), output: excerpt(out.output) };
}
