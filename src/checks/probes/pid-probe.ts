import { readFile, stat } from 'node:fs/promises';
import type { CheckOf } from '../../config/checks-schema.js';
import { parseUptime } from '../../collect/loadavg.js';
import { readText } from '../../collect/read-text.js';
import { createUserNames } from '../../collect/users.js';
import { describeMatch, matcher, ownedBy } from './process-match.js';
import { fail, unknown, type ProbeContext, type ProbeOutcome } from './probe.js';
import { readProc } from './proc-list.js';

/**
 * USER_HZ, the unit of /proc/[pid]/stat's start time. The kernel fixes it at 100 on every
 * architecture Node runs on (it is not CONFIG_HZ), so it is not read with a getconf spawn.
 */
const USER_HZ = 100;
/** A daemon writes its pidfile after it starts; start time and mtime each carry ~10 ms of error. */
const REUSE_SLACK_MS = 1_000;

type Pidfile = { pid: number; writtenAt: number } | { outcome: ProbeOutcome };

async function readPidfile(path: string): Promise<Pidfile> {
  let text: string;
  let writtenAt: number;
  try {
    [text, writtenAt] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOENT')
      return { outcome: fail(`pidfile ${path} does not exist: the process is not running (or never wrote it)`, { pidfile: path, count: 0 }) };
    // The agent cannot tell whether the process runs: that is not a failure of the process.
    return { outcome: unknown(`cannot read pidfile ${path} (${code})`, { pidfile: path }) };
  }
  const first = text.trim().split('\n')[0]?.trim() ?? '';
  const pid = Number(first);
  if (!/^\d+$/.test(first) || pid < 1)
    return { outcome: fail(`pidfile ${path} does not hold a pid (${JSON.stringify(first.slice(0, 40))})`, { pidfile: path, count: 0 }) };
  return { pid, writtenAt };
}

/** Wall-clock start of a process from its start ticks and the uptime now. */
async function startedAt(procRoot: string, startTicks: number, now: number): Promise<number | null> {
  const text = await readText(`${procRoot}/uptime`);
  const uptime = text === null ? null : parseUptime(text);
  return uptime === null ? null : now - (uptime - startTicks / USER_HZ) * 1000;
}

/**
 * One process, named by `pid` or by the pid in `pidfile`. Fails when the pid is not running, is a
 * zombie, is another command than `match`/`regex`, runs as another user, or (pidfile) started
 * after the pidfile was written: the pid was reused by a newer process and the file is stale.
 */
export async function probePid(check: CheckOf<'process'>, ctx: ProbeContext): Promise<ProbeOutcome> {
  let pid = check.pid ?? 0;
  let writtenAt: number | null = null;
  const source = check.pidfile !== undefined ? ` (from ${check.pidfile})` : '';
  if (check.pidfile !== undefined) {
    const read = await readPidfile(check.pidfile);
    if ('outcome' in read) return read.outcome;
    ({ pid, writtenAt } = read);
  }
  const details: Record<string, unknown> = { pid, ...(check.pidfile !== undefined ? { pidfile: check.pidfile } : {}), pids: [] as number[], count: 0 };
  const stale = check.pidfile !== undefined ? `stale pidfile ${check.pidfile}: ` : '';
  const proc = await readProc(ctx.procRoot, pid);
  if (!proc) return fail(`${stale}pid ${pid} is not running`, details);
  const name = JSON.stringify(proc.comm);
  if (proc.state === 'Z') return fail(`pid ${pid} ${name}${source} is a zombie: it exited and was not reaped`, details);
  if (writtenAt !== null) {
    const started = await startedAt(ctx.procRoot, proc.startTicks, Date.now());
    if (started !== null && started > writtenAt + REUSE_SLACK_MS) {
      const when = (t: number) => new Date(t).toISOString();
      return fail(`${stale}pid ${pid} was reused: ${name} started at ${when(started)}, after the pidfile was written at ${when(writtenAt)}`, {
        ...details,
        startedAt: started,
        writtenAt,
      });
    }
  }
  if (!matcher(check)(proc)) return fail(`${stale}pid ${pid} is ${name}, not ${describeMatch(check)}: the pid was reused by another command`, details);
  const owned = await ownedBy({ check, ctx, pid, userName: createUserNames({ etcRoot: ctx.etcRoot }) });
  if (owned === null) return fail(`${stale}pid ${pid} is not running`, details);
  if (!owned) return fail(`pid ${pid} ${name}${source} does not run as ${check.user}`, details);
  return { status: 'ok', message: `pid ${pid} ${name}${source} is running`, latencyMs: null, details: { ...details, pids: [pid], count: 1 } };
}
