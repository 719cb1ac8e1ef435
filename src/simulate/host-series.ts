import type { Rng } from '../analyze/prng.js';
import type { Point } from '../store/types.js';
import type { HostProfile } from './host-profile.js';
import { METRIC } from '../metrics/index.js';

const DAY = 86_400_000;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Local hour and weekday with a fixed offset: simulated hosts live in UTC. */
function calendar(t: number) {
  const d = new Date(t);
  return { hour: d.getUTCHours() + d.getUTCMinutes() / 60, weekend: d.getUTCDay() === 0 || d.getUTCDay() === 6 };
}

/**
 * One host's samples from `from` to `to` at `step`: daily and weekly seasonality plus noise,
 * the disk and memory trends of its profile, and nothing at all while it is silent.
 */
export function hostPoints(p: HostProfile, opts: { from: number; to: number; step: number; rng: Rng }): { points: Point[]; last: Record<string, number> } {
  const points: Point[] = [];
  const span = opts.to - opts.from;
  const silentFrom = p.silent ? opts.from + p.silent.fromFrac * span : Infinity;
  const silentTo = p.silent ? silentFrom + p.silent.hours * 3_600_000 : -Infinity;
  const last: Record<string, number> = {};
  const push = (metric: string, t: number, v: number, labels?: Record<string, string>) => {
    points.push(labels ? { metric, labels, t, v } : { metric, t, v });
    last[labels ? `${metric}|${Object.values(labels)[0]}` : metric] = v;
  };
  const n = opts.rng.normal.bind(opts.rng);
  const nic = (iface: string, rx: number, tx: number, t: number) => {
    const labels = { iface };
    const r = Math.round(Math.max(0, rx * (1 + n() * 0.1)));
    const w = Math.round(Math.max(0, tx * (1 + n() * 0.1)));
    push(METRIC.netRxBps, t, r, labels);
    push(METRIC.netTxBps, t, w, labels);
    push(METRIC.netRxPps, t, round(r / 900), labels);
    push(METRIC.netTxPps, t, round(w / 900), labels);
    // Counters of a healthy NIC: errors and drops stay at zero, as on real hosts.
    for (const m of [METRIC.netRxErrors, METRIC.netTxErrors, METRIC.netRxDrops, METRIC.netTxDrops]) push(m, t, 0, labels);
  };
  for (let t = opts.from; t <= opts.to; t += opts.step) {
    if (t >= silentFrom && t < silentTo) continue;
    const { hour, weekend } = calendar(t);
    const daily = Math.max(0, Math.sin(((hour - 8) / 24) * 2 * Math.PI));
    const cpu = clamp((p.cpuBase + p.cpuDaily * daily) * (weekend ? p.cpuWeekendFactor : 1) + n() * 3, 0.5, 100);
    push(METRIC.cpuTotal, t, round(cpu));
    push(METRIC.cpuUser, t, round(cpu * 0.7));
    push(METRIC.cpuSystem, t, round(cpu * 0.22));
    push(METRIC.cpuIowait, t, round(clamp(cpu * 0.05 + n() * 0.5, 0, 100)));
    const load = (cpu / 100) * p.cores;
    push(METRIC.load1, t, round(Math.max(0, load + n() * 0.2)));
    push(METRIC.load5, t, round(Math.max(0, load)));
    push(METRIC.load15, t, round(Math.max(0, load * 0.95)));
    const days = (t - opts.from) / DAY;
    const memPct = clamp(p.memBasePct + p.memLeakPctPerDay * days + 5 * daily + n(), 1, 99.5);
    const used = Math.round((p.memTotal * memPct) / 100);
    push(METRIC.memTotal, t, p.memTotal);
    push(METRIC.memUsed, t, used);
    push(METRIC.memAvailable, t, p.memTotal - used);
    push(METRIC.memUsedPct, t, round(memPct));
    for (const d of p.disks) {
      const cleaned = d.cleanupAtFrac !== null && t >= opts.from + d.cleanupAtFrac * span;
      const base = cleaned ? d.cleanupToPct + d.pctPerDay * (days - (d.cleanupAtFrac ?? 0) * (span / DAY)) : d.startPct + d.pctPerDay * days;
      const pct = clamp(base + n() * 0.05, 0, 100);
      const usedB = Math.round((d.size * pct) / 100);
      const labels = { mount: d.mount };
      push(METRIC.diskSize, t, d.size, labels);
      push(METRIC.diskUsed, t, usedB, labels);
      push(METRIC.diskFree, t, d.size - usedB, labels);
      push(METRIC.diskUsedPct, t, round(pct), labels);
      push(METRIC.diskInodesUsedPct, t, round(pct * 0.4), labels);
    }
    if (p.swapTotal > 0) {
      // Swap follows memory pressure: a little at rest, more as a leak fills memory.
      const swapPct = clamp((memPct - 50) * 0.6 + n() * 0.3, 0.2, 100);
      push(METRIC.swapTotal, t, p.swapTotal);
      push(METRIC.swapUsed, t, Math.round((p.swapTotal * swapPct) / 100));
    }
    const io = p.ioBps * (0.15 + daily) * (weekend ? 0.6 : 1);
    for (const d of p.ioDevices) {
      const labels = { device: d.device };
      const read = Math.max(0, io * d.share * 0.6 * (1 + n() * 0.15));
      const write = Math.max(0, io * d.share * 0.4 * (1 + n() * 0.15));
      push(METRIC.diskioReadBps, t, Math.round(read), labels);
      push(METRIC.diskioWriteBps, t, Math.round(write), labels);
      push(METRIC.diskioReadIops, t, round(read / 32_768), labels);
      push(METRIC.diskioWriteIops, t, round(write / 16_384), labels);
      push(METRIC.diskioBusyPct, t, round(clamp(((read + write) / (120 * 1024 * 1024)) * 100 + n(), 0, 100)), labels);
    }
    const traffic = p.netBps * (0.2 + daily) * (weekend ? 0.5 : 1);
    nic('eth0', traffic, traffic * 0.4, t);
    // Backups leave between 01:00 and 03:00 over the second NIC; it idles (a trickle) otherwise.
    if (p.backupNic) nic('eth1', 2_000, hour >= 1 && hour < 3 ? p.netBps * 2 : 1_000, t);
    if (p.idleIfb) nic('ifb0', 0, 0, t);
  }
  return { points, last };
}

/** Two decimals: what a real collector reports, and what compresses well. */
const round = (v: number) => Math.round(v * 100) / 100;
