import type { Labels } from '../../src/store/types.js';
import { gaussian, mulberry32, randInt } from './prng.js';

/**
 * Synthetic host metrics shaped like what the agent records: percentages with 2 decimals, byte
 * gauges in whole KiB (the kernel reports kB), rates rounded to whole units per second, 10 s ticks
 * with a few ms of timer jitter and a rare late tick. All series of a host share their timestamps
 * because they come from one snapshot.
 */
export type GeneratedSeries = { metric: string; labels: Labels; v: number[] };
export type GeneratedHost = { t: number[]; series: GeneratedSeries[] };

const DAY = 86_400_000;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export type GenerateOptions = {
  seed: number;
  start: number;
  ticks: number;
  intervalMs?: number;
  jitterMs?: number;
  /** false: keep full double precision, as a collector that does not round would deliver. */
  rounded?: boolean;
};

export function generateHost(opts: GenerateOptions): GeneratedHost {
  const rand = mulberry32(opts.seed);
  const exact = opts.rounded === false;
  // Unrounded, percentages and rates get the arbitrary fractions a ratio of two counters has.
  const round = (x: number, decimals: number) => (exact ? x : Math.round(x * 10 ** decimals) / 10 ** decimals);
  const whole = (x: number) => (exact ? x : Math.round(x));
  const g = () => gaussian(rand);
  const interval = opts.intervalMs ?? 10_000;
  const jitter = opts.jitterMs ?? 40;
  const t: number[] = [];
  for (let i = 0; i < opts.ticks; i++) {
    // Timer jitter of a few ms, and now and then a tick delayed by a busy host or a GC pause.
    const late = rand() < 0.001 ? randInt(rand, 200, 2000) : 0;
    t.push(opts.start + i * interval + randInt(rand, 0, jitter) + late);
  }
  const daily = (ti: number) => Math.sin((2 * Math.PI * (ti % DAY)) / DAY);
  const out: GeneratedSeries[] = [];
  const add = (metric: string, labels: Labels, f: (i: number, ti: number) => number) => {
    out.push({ metric, labels, v: t.map((ti, i) => f(i, ti)) });
  };

  // CPU: a daily pattern, a wandering level, and tick-to-tick noise.
  const level = walk(rand, opts.ticks, 25, 0.3, 0.002);
  const cpuTotal = t.map((ti, i) => clamp(level[i]! + 12 * daily(ti) + 3 * g(), 0, 100));
  add('cpu.total', {}, (i) => round(cpuTotal[i]!, 2));
  add('cpu.user', {}, (i) => round(cpuTotal[i]! * 0.7 + g(), 2));
  add('cpu.system', {}, (i) => round(clamp(cpuTotal[i]! * 0.2 + 0.5 * g(), 0, 100), 2));
  add('cpu.iowait', {}, () => round(clamp(1 + 0.4 * g(), 0, 100), 2));
  add('cpu.steal', {}, () => round(Math.max(0, 0.05 * g()), 2));
  for (let c = 0; c < 4; c++) add('cpu.core', { core: String(c) }, (i) => round(clamp(cpuTotal[i]! + 8 * g(), 0, 100), 2));

  const cores = 4;
  for (const [name, seconds] of [
    ['load.l1', 60],
    ['load.l5', 300],
    ['load.l15', 900],
  ] as const) {
    let ema = 1;
    const alpha = 1 - Math.exp(-interval / 1000 / seconds);
    add(name, {}, (i) => {
      ema += alpha * ((cpuTotal[i]! / 100) * cores + 0.2 * g() - ema);
      return round(Math.max(0, ema), 2);
    });
  }
  add('cpu.context_switches', {}, (i) => Math.max(0, whole(3000 + 40 * cpuTotal[i]! + 300 * g())));

  const totalKiB = 16 * 1024 * 1024;
  const used = walk(rand, opts.ticks, 6 * 1024 * 1024, 2000, 0.0005).map(Math.round);
  add('mem.used_bytes', {}, (i) => used[i]! * 1024);
  add('mem.available_bytes', {}, (i) => (totalKiB - used[i]!) * 1024);
  const cached = walk(rand, opts.ticks, 3 * 1024 * 1024, 500, 0.0005).map(Math.round);
  add('mem.cached_bytes', {}, (i) => cached[i]! * 1024);
  add('mem.used_pct', {}, (i) => round((100 * used[i]!) / totalKiB, 2));
  add('swap.used_bytes', {}, (i) => (i < opts.ticks / 2 ? 12_288 : 14_336) * 1024);

  for (const [m, sizeGiB] of [
    ['/', 50],
    ['/var', 200],
    ['/home', 500],
  ] as const) {
    const sizeKiB = sizeGiB * 1024 * 1024;
    let usedKiB = sizeKiB * (0.3 + 0.4 * rand());
    const usedSeries = t.map(() => {
      // Slow growth by whole blocks, and now and then a log rotation frees a chunk.
      usedKiB += rand() < 0.3 ? randInt(rand, 0, 64) * 4 : 0;
      if (rand() < 0.0002) usedKiB -= randInt(rand, 1, 1000) * 1024;
      return Math.round(usedKiB);
    });
    add('disk.used_bytes', { mount: m }, (i) => usedSeries[i]! * 1024);
    add('disk.used_pct', { mount: m }, (i) => round((100 * usedSeries[i]!) / sizeKiB, 2));
    const inodes = 2 + 20 * rand();
    add('disk.inodes_used_pct', { mount: m }, (i) => round(inodes + i * 1e-6, 2));
  }

  for (const dev of ['sda', 'nvme0n1']) {
    const base = dev === 'sda' ? 2e5 : 2e6;
    add('diskio.read_bps', { device: dev }, () => whole(base * Math.exp(0.8 * g())));
    add('diskio.write_bps', { device: dev }, (_i, ti) => whole(base * (1.5 + daily(ti)) * Math.exp(0.6 * g())));
    add('diskio.read_iops', { device: dev }, () => whole((base / 16384) * Math.exp(0.7 * g())));
    add('diskio.write_iops', { device: dev }, () => whole((base / 8192) * Math.exp(0.6 * g())));
    add('diskio.busy_pct', { device: dev }, () => round(clamp(3 + 2 * g(), 0, 100), 2));
  }

  for (const iface of ['eth0', 'eth1']) {
    const base = iface === 'eth0' ? 5e5 : 2e4;
    const rx = t.map((ti) => whole(base * (1.3 + daily(ti)) * Math.exp(0.5 * g())));
    const tx = t.map((ti) => whole(base * 0.4 * (1.3 + daily(ti)) * Math.exp(0.5 * g())));
    add('net.rx_bps', { iface }, (i) => rx[i]!);
    add('net.tx_bps', { iface }, (i) => tx[i]!);
    add('net.rx_pps', { iface }, (i) => whole(rx[i]! / 900));
    add('net.tx_pps', { iface }, (i) => whole(tx[i]! / 600));
    add('net.rx_drops', { iface }, () => (rand() < 0.01 ? 1 : 0));
  }

  add('temp.celsius', { sensor: 'cpu' }, (i) => round(45 + cpuTotal[i]! / 10 + 0.3 * g(), 1));
  add('temp.celsius', { sensor: 'nvme' }, () => round(38 + 0.2 * g(), 1));
  return { t, series: out };
}

/** Mean-reverting random walk: a level that wanders but does not drift away. */
function walk(rand: () => number, n: number, mean: number, step: number, revert: number): number[] {
  const out: number[] = [];
  let x = mean;
  for (let i = 0; i < n; i++) {
    x += step * gaussian(rand) + revert * (mean - x);
    out.push(x);
  }
  return out;
}
