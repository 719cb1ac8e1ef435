import { basename } from 'node:path';
import type { CheckOf } from '../../config/checks-schema.js';
import { parsePidStat, parsePidStatus } from '../../collect/proc-pid.js';
import { listDir, readText } from '../../collect/read-text.js';
import { createUserNames } from '../../collect/users.js';
import { fail, type ProbeContext, type ProbeOutcome } from './probe.js';

type Proc = { pid: number; comm: string; argv: string[] };

const BATCH = 32;

/** Reads /proc directly: no `ps` spawn per tick, and no output format to parse. */
async function listProcesses(procRoot: string): Promise<Proc[] | null> {
  const names = await listDir(procRoot);
  if (!names) return null;
  const pids = names.filter((n) => /^\d+$/.test(n));
  const out: Proc[] = [];
  // Batches keep a scan of thousands of pids from opening thousands of files at once.
  for (let i = 0; i < pids.length; i += BATCH) {
    const read = await Promise.all(pids.slice(i, i + BATCH).map((pid) => Promise.all([readText(`${procRoot}/${pid}/stat`), readText(`${procRoot}/${pid}/cmdline`)])));
    for (const [stat, cmdline] of read) {
      const parsed = stat === null ? null : parsePidStat(stat);
      // null: the process exited between readdir and read.
      if (!parsed) continue;
      out.push({ pid: parsed.pid, comm: parsed.comm, argv: (cmdline ?? '').split('\0').filter((a) => a.length > 0) });
    }
  }
  return out;
}

function matcher(check: CheckOf<'process'>): (p: Proc) => boolean {
  if (check.match !== undefined) {
    const want = check.match.toLowerCase();
    return (p) => p.comm.toLowerCase() === want || (p.argv[0] !== undefined && basename(p.argv[0]).toLowerCase() === want);
  }
  const re = new RegExp(check.regex ?? '', 'i');
  return check.fullCommand ? (p) => re.test(p.argv.join(' ') || p.comm) : (p) => re.test(p.comm);
}

export async function probeProcess(check: CheckOf<'process'>, ctx: ProbeContext): Promise<ProbeOutcome> {
  const all = await listProcesses(ctx.procRoot);
  if (!all) return fail(`cannot list processes in ${ctx.procRoot}`);
  const matches = all.filter(matcher(check)).filter((p) => p.pid !== process.pid);
  let found = matches;
  if (check.user !== undefined) {
    const userName = createUserNames({ etcRoot: ctx.etcRoot });
    const owned: Proc[] = [];
    for (const p of matches) {
      const status = await readText(`${ctx.procRoot}/${p.pid}/status`);
      if (status === null) continue;
      const uid = parsePidStatus(status).uid;
      if (String(uid) === check.user || (await userName(uid)) === check.user) owned.push(p);
    }
    found = owned;
  }
  found.sort((a, b) => a.pid - b.pid);
  const pids = found.map((p) => p.pid);
  const what = `${check.match !== undefined ? `"${check.match}"` : `/${check.regex}/i`}${check.user ? ` as ${check.user}` : ''}`;
  const range = check.max === undefined ? `at least ${check.min}` : `${check.min}..${check.max}`;
  // Names are whatever the processes call themselves: data, escaped by each channel.
  const shown = found.slice(0, 10).map((p) => `${p.pid} ${JSON.stringify(p.comm)}`);
  const listed = pids.length > 0 ? ` (${shown.join(', ')}${pids.length > 10 ? ', …' : ''})` : '';
  const ok = pids.length >= check.min && (check.max === undefined || pids.length <= check.max);
  const message = `${pids.length} ${pids.length === 1 ? 'process matches' : 'processes match'} ${what}${listed}${ok ? '' : `, expected ${range}`}`;
  return { status: ok ? 'ok' : 'fail', message, latencyMs: null, details: { pids, count: pids.length } };
}
