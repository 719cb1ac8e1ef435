import type { CheckOf } from '../../config/checks-schema.js';
import { createUserNames } from '../../collect/users.js';
import { probePid } from './pid-probe.js';
import type { ProbeContext, ProbeOutcome } from './probe.js';
import { listProcesses, type Proc } from './proc-list.js';
import { describeMatch, matcher, ownedBy } from './process-match.js';

/** Count of matching live processes (zombies are dead: counted apart), or one pid / pidfile. */
export async function probeProcess(check: CheckOf<'process'>, ctx: ProbeContext): Promise<ProbeOutcome> {
  if (check.pid !== undefined || check.pidfile !== undefined) return probePid(check, ctx);
  const all = await (ctx.processes ?? (() => listProcesses(ctx.procRoot)))();
  if (!all) return { status: 'unknown', message: `cannot list processes in ${ctx.procRoot}`, latencyMs: null };
  const matches = all.filter(matcher(check)).filter((p) => p.pid !== process.pid);
  const userName = createUserNames({ etcRoot: ctx.etcRoot });
  const owned: Proc[] = [];
  for (const p of matches) if (await ownedBy({ check, ctx, pid: p.pid, userName })) owned.push(p);
  owned.sort((a, b) => a.pid - b.pid);
  const found = owned.filter((p) => p.state !== 'Z');
  const zombies = owned.length - found.length;
  const pids = found.map((p) => p.pid);
  const min = check.min ?? 1;
  const range = check.max === undefined ? `at least ${min}` : `${min}..${check.max}`;
  // Names are whatever the processes call themselves: data, escaped by each channel.
  const shown = found.slice(0, 10).map((p) => `${p.pid} ${JSON.stringify(p.comm)}`);
  const listed = pids.length > 0 ? ` (${shown.join(', ')}${pids.length > 10 ? ', …' : ''})` : '';
  const ok = pids.length >= min && (check.max === undefined || pids.length <= check.max);
  const dead = zombies > 0 ? `; ${zombies} more ${zombies === 1 ? 'is a zombie' : 'are zombies'} (exited, not reaped)` : '';
  const message = `${pids.length} ${pids.length === 1 ? 'process matches' : 'processes match'} ${describeMatch(check)}${listed}${ok ? '' : `, expected ${range}`}${dead}`;
  return { status: ok ? 'ok' : 'fail', message, latencyMs: null, details: { pids, count: pids.length, zombies } };
}
