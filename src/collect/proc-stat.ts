/** Jiffies per state from one cpu line of /proc/stat. guest and guest_nice are already in user/nice. */
export type CpuTimes = {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
};

export type ProcStat = {
  total: CpuTimes | null;
  /** Online cores only; `core` is the N of cpuN, so gaps mean offline cores. */
  cores: Array<{ core: number; times: CpuTimes }>;
  /** Context switches since boot. */
  ctxt: number | null;
  /** Boot time, epoch seconds. */
  btime: number | null;
  /** Tasks (threads, not processes) runnable now, and blocked on I/O now. */
  procsRunning: number | null;
  procsBlocked: number | null;
};

const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

function parseCpuTimes(fields: string[]): CpuTimes | null {
  const times = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 };
  // Old kernels print fewer columns (no steal before 2.6.11); missing ones stay 0.
  for (const [i, name] of FIELDS.entries()) {
    const raw = fields[i];
    if (raw === undefined) break;
    const n = Number(raw);
    if (!Number.isFinite(n)) return null;
    times[name] = n;
  }
  return fields.length >= 4 ? times : null;
}

export function parseProcStat(text: string): ProcStat {
  const out: ProcStat = { total: null, cores: [], ctxt: null, btime: null, procsRunning: null, procsBlocked: null };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === undefined) continue;
    if (key === 'cpu') out.total = parseCpuTimes(rest);
    else if (key.startsWith('cpu')) {
      const core = Number(key.slice(3));
      const times = parseCpuTimes(rest);
      if (Number.isInteger(core) && times) out.cores.push({ core, times });
    } else if (key === 'ctxt') out.ctxt = toNumber(rest[0]);
    else if (key === 'btime') out.btime = toNumber(rest[0]);
    else if (key === 'procs_running') out.procsRunning = toNumber(rest[0]);
    else if (key === 'procs_blocked') out.procsBlocked = toNumber(rest[0]);
  }
  return out;
}

function toNumber(s: string | undefined): number | null {
  if (s === undefined) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
