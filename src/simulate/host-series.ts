import type { Rng } from '../analyze/prng.js';
import type { Point } from '../store/types.js';
import type { HostProfile } from './host-profile.js';

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
  for (let t = opts.from; t <= opts.to; t += opts.step) {
    if (t >= silentFrom && t < silentTo) continue;
    const { hour, weekend } = calendar(t);
    const daily = Math.max(0, Math.sin(((hour - 8) / 24) * 2 * Math.PI));
    const cpu = clamp((p.cpuBase + p.cpuDaily * daily) * (weekend ? p.cpuWeekendFactor : 1) + n() * 3, 0.5, 100);
    push('cpu.total', t, round(cpu));
    push('cpu.user', t, round(cpu * 0.7));
    push('cpu.system', t, round(cpu * 0.22));
    push('cpu.iowait', t, round(clamp(cpu * 0.05 + n() * 0.5, 0, 100)));
    const load = (cpu / 100) * p.cores;
    push('load.1', t, round(Math.max(0, load + n() * 0.2)));
    push('load.5', t, round(Math.max(0, load)));
    push('load.15', t, round(Math.max(0, load * 0.95)));
    const days = (t - opts.from) / DAY;
    const memPct = clamp(p.memBasePct + p.memLeakPctPerDay * days + 5 * daily + n(), 1, 99.5);
    const used = Math.round((p.memTotal * memPct) / 100);
    push('mem.total', t, p.memTotal);
    push('mem.used', t, used);
    push('mem.available', t, p.memTotal - used);
    push('mem.used_pct', t, round(memPct));
    for (const d of p.disks) {
      const cleaned = d.cleanupAtFrac !== null && t >= opts.from + d.cleanupAtFrac * span;
      const base = cleaned ? d.cleanupToPct + d.pctPerDay * (days - (d.cleanupAtFrac ?? 0) * (span / DAY)) : d.startPct + d.pctPerDay * days;
      const pct = clamp(base + n() * 0.05, 0, 100);
      const usedB = Math.round((d.size * pct) / 100);
      const labels = { mount: d.mount };
      push('disk.size', t, d.size, labels);
      push('disk.used', t, usedB, labels);
      push('disk.free', t, d.size - usedB, labels);
      push('disk.used_pct', t, round(pct), labels);
      push('disk.inodes_used_pct', t, round(pct * 0.4), labels);
    }
    const traffic = p.netBps * (0.2 + daily) * (weekend ? 0.5 : 1);
    push('net.rx_bps', t, Math.round(Math.max(0, traffic * (1 + n() * 0.1))), { iface: 'eth0' });
    push('net.tx_bps', t, Math.round(Math.max(0, traffic * 0.4 * (1 + n() * 0.1))), { iface: 'eth0' });
  }
  return { points, last };
}

/** Two decimals: what a real collector reports, and what compresses well. */
const round = (v: number) => Math.round(v * 100) / 100;
