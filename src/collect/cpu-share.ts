import type { CpuTimes } from './proc-stat.js';
import type { CpuShare } from './snapshot.js';

const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/**
 * The kernel documents that iowait (and, around CPU hotplug, idle) can step back a little
 * (Documentation/filesystems/proc.rst). Such jitter is clamped to zero; anything larger is a reset.
 */
const JITTER_FIELDS = new Set<string>(['idle', 'iowait']);
const JITTER_SHARE = 0.01;

/** Percent split of the time between two readings; null when the counters reset or did not move. */
export function cpuShare({ prev, cur }: { prev: CpuTimes; cur: CpuTimes }): CpuShare | null {
  const d = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 };
  let grown = 0;
  for (const f of FIELDS) {
    d[f] = cur[f] - prev[f];
    if (d[f] > 0) grown += d[f];
  }
  for (const f of FIELDS) {
    if (d[f] >= 0) continue;
    const tolerated = JITTER_FIELDS.has(f) && -d[f] <= Math.max(1, grown * JITTER_SHARE);
    if (!tolerated) return null;
    d[f] = 0;
  }
  const sum = FIELDS.reduce((acc, f) => acc + d[f], 0);
  if (sum <= 0) return null;
  const pct = (n: number) => (n / sum) * 100;
  const idle = pct(d.idle);
  const iowait = pct(d.iowait);
  return {
    user: pct(d.user + d.nice),
    system: pct(d.system + d.irq + d.softirq),
    iowait,
    steal: pct(d.steal),
    idle,
    total: Math.max(0, 100 - idle - iowait),
  };
}
