import { parsePidStat } from '../../collect/proc-pid.js';
import { listDir, readText } from '../../collect/read-text.js';

export type Proc = { pid: number; comm: string; state: string; startTicks: number; argv: string[] };

const BATCH = 32;

/** Reads /proc directly: no `ps` spawn per tick, and no output format to parse. */
export async function listProcesses(procRoot: string): Promise<Proc[] | null> {
  const names = await listDir(procRoot);
  if (!names) return null;
  const pids = names.filter((n) => /^\d+$/.test(n));
  const out: Proc[] = [];
  // Batches keep a scan of thousands of pids from opening thousands of files at once.
  for (let i = 0; i < pids.length; i += BATCH) {
    const read = await Promise.all(pids.slice(i, i + BATCH).map((pid) => readProc(procRoot, Number(pid))));
    for (const p of read) if (p) out.push(p);
  }
  return out;
}

/** One process, or null when it is not running (or exited between readdir and read). */
export async function readProc(procRoot: string, pid: number): Promise<Proc | null> {
  const [stat, cmdline] = await Promise.all([readText(`${procRoot}/${pid}/stat`, { once: true }), readText(`${procRoot}/${pid}/cmdline`)]);
  const parsed = stat === null ? null : parsePidStat(stat);
  if (!parsed) return null;
  return {
    pid: parsed.pid,
    comm: parsed.comm,
    state: parsed.state,
    startTicks: parsed.startTicks,
    argv: (cmdline ?? '').split('\0').filter((a) => a.length > 0),
  };
}

/**
 * One scan shared by every process check of a tick: ten process checks cost one pass over /proc,
 * not ten, and that pass is work in the agent's event loop.
 */
export function createProcessLister(procRoot: string): () => Promise<Proc[] | null> {
  let scan: Promise<Proc[] | null> | null = null;
  return () => (scan ??= listProcesses(procRoot));
}
