import { cpuShare } from './cpu-share.js';
import { diskIoRates, type DiskCounters } from './diskstats.js';
import { netRates, type NetCounters } from './net-dev.js';
import type { ProcStat } from './proc-stat.js';
import { intervalSec, rebooted } from './rates.js';
import type { CpuShare, Snapshot } from './snapshot.js';

/** The counters rates are computed from: one reading of the host. */
export type Reading = {
  t: number;
  uptime: number | null;
  stat: ProcStat | null;
  disks: Map<string, DiskCounters>;
  nets: Map<string, NetCounters>;
};

export type Rates = Pick<Snapshot, 'cpu' | 'cores' | 'contextSwitchesPerSec' | 'diskIo' | 'net'>;

function cpuRates({ prev, cur, seconds }: { prev: ProcStat; cur: ProcStat; seconds: number }): Rates {
  const out: Rates = {};
  const total = prev.total && cur.total ? cpuShare({ prev: prev.total, cur: cur.total }) : null;
  if (total) out.cpu = total;
  // Matched by cpu number, not position: a core going offline must not shift the others.
  const before = new Map(prev.cores.map((x) => [x.core, x.times]));
  const cores: CpuShare[] = [];
  for (const { core, times } of cur.cores) {
    const p = before.get(core);
    const share = p ? cpuShare({ prev: p, cur: times }) : null;
    if (share) cores.push({ ...share, core });
  }
  if (cores.length > 0) out.cores = cores;
  if (prev.ctxt !== null && cur.ctxt !== null && cur.ctxt >= prev.ctxt) out.contextSwitchesPerSec = (cur.ctxt - prev.ctxt) / seconds;
  return out;
}

/**
 * Turns successive readings into rates. Each reading is compared with the baseline, the last
 * reading rates were computed from:
 * - a reboot (btime moved, uptime went back) gives no rates and re-baselines;
 * - a call too soon after the baseline gives no rates and keeps the baseline;
 * - otherwise rates, where every entity whose counters reset is left out for this interval.
 */
export function createRateTracker(opts: { skipIfaces: RegExp; onReboot: (cur: Reading) => void }) {
  let baseline: Reading | null = null;
  return function advance(cur: Reading): Rates {
    const prev = baseline;
    if (!prev) {
      baseline = cur;
      return {};
    }
    if (rebooted({ prevBtime: prev.stat?.btime ?? null, curBtime: cur.stat?.btime ?? null, prevUptime: prev.uptime, curUptime: cur.uptime })) {
      baseline = cur;
      opts.onReboot(cur);
      return {};
    }
    const seconds = intervalSec({ prevUptime: prev.uptime, curUptime: cur.uptime, prevT: prev.t, curT: cur.t });
    if (seconds === null) return {};
    baseline = cur;
    return {
      diskIo: diskIoRates({ prev: prev.disks, cur: [...cur.disks.values()], seconds }),
      net: netRates({ prev: prev.nets, cur: [...cur.nets.values()], seconds, skip: opts.skipIfaces }),
      ...(prev.stat && cur.stat ? cpuRates({ prev: prev.stat, cur: cur.stat, seconds }) : {}),
    };
  };
}
