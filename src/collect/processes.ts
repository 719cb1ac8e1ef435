import { parsePidStat, parsePidStatus, type PidStat } from './proc-pid.js';
import { listDir, readOnceSync, readText } from './read-text.js';
import type { ProcessInfo } from './snapshot.js';
import { createUserNames } from './users.js';

export type ProcessScan = {
  /** Seconds since boot when the scan ran (the interval clock). */
  uptimeSec: number;
  byPid: Map<number, PidStat>;
};

export type TopProcesses = { byCpu: ProcessInfo[]; byMem: ProcessInfo[] };

/**
 * Pids read per turn of the event loop during a scan. Each read is synchronous (readOnceSync, a
 * few microseconds on procfs); between turns other work runs, so a host with thousands of
 * processes holds the loop a few milliseconds at a time, not for the whole scan.
 */
const PIDS_PER_TURN = 256;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The slow probe: one /proc/[pid]/stat per process, then /proc/[pid]/status for the few that make
 * a top list (uid and VmRSS). Reading every status too would double the cost for nothing.
 */
export function createProcessProbe(opts: { procRoot: string; etcRoot: string; clockTicks: number; topN: number }) {
  const userName = createUserNames({ etcRoot: opts.etcRoot });

  async function scan(uptimeSec: number): Promise<ProcessScan | null> {
    const names = await listDir(opts.procRoot);
    if (!names) return null;
    const pids = names.filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57);
    const byPid = new Map<number, PidStat>();
    for (let i = 0; i < pids.length; i++) {
      if (i > 0 && i % PIDS_PER_TURN === 0) await nextTurn();
      const text = readOnceSync(`${opts.procRoot}/${pids[i]}/stat`);
      // null: the process exited between readdir and read.
      const s = text === null ? null : parsePidStat(text);
      if (s) byPid.set(s.pid, s);
    }
    return { uptimeSec, byPid };
  }

  /**
   * CPU percent of one core over the interval between two scans. A process new since the previous
   * scan spent all its ticks inside the interval; one that was missed there (read raced its start)
   * is averaged over its lifetime instead, which cannot overstate it.
   */
  function cpuPcts({ prev, cur }: { prev: ProcessScan; cur: ProcessScan }): Map<number, number> {
    const interval = cur.uptimeSec - prev.uptimeSec;
    const out = new Map<number, number>();
    if (interval <= 0) return out;
    for (const s of cur.byPid.values()) {
      const p = prev.byPid.get(s.pid);
      const same = p !== undefined && p.startTicks === s.startTicks && s.ticks >= p.ticks;
      const lifetime = cur.uptimeSec - s.startTicks / opts.clockTicks;
      const ticks = same ? s.ticks - p.ticks : s.ticks;
      const over = same ? interval : Math.max(interval, lifetime);
      if (over > 0) out.set(s.pid, (ticks / opts.clockTicks / over) * 100);
    }
    return out;
  }

  async function describe(s: PidStat, cpuPct: number): Promise<ProcessInfo | null> {
    const text = await readText(`${opts.procRoot}/${s.pid}/status`);
    if (text === null) return null; // exited since the scan
    const status = parsePidStatus(text);
    return { pid: s.pid, name: s.comm, user: await userName(status.uid), cpuPct, rssBytes: status.rssBytes };
  }

  /** Top N by CPU (busy ones only) and by resident memory (kernel threads have none). */
  async function top({ prev, cur }: { prev: ProcessScan; cur: ProcessScan }): Promise<TopProcesses> {
    const cpu = cpuPcts({ prev, cur });
    const all = [...cur.byPid.values()];
    const pct = (s: PidStat) => cpu.get(s.pid) ?? 0;
    const byCpu = all
      .filter((s) => pct(s) > 0)
      .sort((a, b) => pct(b) - pct(a) || b.rssPages - a.rssPages || a.pid - b.pid)
      .slice(0, opts.topN);
    const byMem = all
      .filter((s) => s.rssPages > 0)
      .sort((a, b) => b.rssPages - a.rssPages || pct(b) - pct(a) || a.pid - b.pid)
      .slice(0, opts.topN);
    const wanted = new Map([...byCpu, ...byMem].map((s) => [s.pid, s]));
    const infos = new Map<number, ProcessInfo>();
    await Promise.all(
      [...wanted.values()].map(async (s) => {
        const info = await describe(s, pct(s));
        if (info) infos.set(s.pid, info);
      }),
    );
    const pick = (list: PidStat[]) => list.flatMap((s) => infos.get(s.pid) ?? []);
    return { byCpu: pick(byCpu), byMem: pick(byMem) };
  }

  return { scan, top };
}
