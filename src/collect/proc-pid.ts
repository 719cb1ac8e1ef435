/** The parts of /proc/[pid]/stat the process probe ranks by. */
export type PidStat = {
  pid: number;
  comm: string;
  /** One letter: R running, S sleeping, D uninterruptible (blocked), Z zombie, T stopped, I idle... */
  state: string;
  /** utime + stime, in clock ticks (USER_HZ). */
  ticks: number;
  /** Start time after boot, in clock ticks: with pid, it identifies a process across pid reuse. */
  startTicks: number;
  rssPages: number;
};

/**
 * "pid (comm) state ppid ..." where comm may hold spaces and parentheses, so the fields are
 * counted from the last ')'. Field numbers below are proc(5)'s, minus the three before state.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const f = text.slice(close + 2).split(' ');
  const num = (field: number) => Number(f[field - 3]);
  const out = { pid, comm: text.slice(open + 1, close), state: f[0] ?? '?', ticks: num(14) + num(15), startTicks: num(22), rssPages: num(24) };
  if (![out.pid, out.ticks, out.startTicks, out.rssPages].every(Number.isFinite)) return null;
  return out;
}

export type PidStatus = { uid: number | null; rssBytes: number };

/** Effective uid (second column of Uid:, what ps shows as USER) and VmRSS; kernel threads have no VmRSS. */
export function parsePidStatus(text: string): PidStatus {
  const uid = /^Uid:\s+\d+\s+(\d+)/m.exec(text)?.[1];
  const rssKb = /^VmRSS:\s+(\d+)\s+kB/m.exec(text)?.[1];
  return { uid: uid === undefined ? null : Number(uid), rssBytes: rssKb === undefined ? 0 : Number(rssKb) * 1024 };
}
