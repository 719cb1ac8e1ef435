import type { HostRepo } from '../../fleet/host-repo.js';
import type { SeriesStore } from '../../store/types.js';
import type { StoredForecast } from '../../analyze/index.js';
import type { AlertReader } from '../../alert/types.js';
import type { CheckStateReader } from '../../checks/types.js';
import { hostOperations } from './host-operations.js';
import { renderLineChart, type ChartBand, type ChartSeries } from '../charts/line-chart.js';
import { chartForecast, forecastDisks, type ChartForecast, type DiskForecast, type Fits } from './forecasts.js';
import { afterWarmup, dataBasis, warmupEnd } from './data-basis.js';
import { pickSeries, seriesAvg, seriesLast, seriesMax, toChartPoints } from './series-stats.js';
import { statusOf, THRESHOLDS, worst, type Status } from './thresholds.js';

export type DiskRow = {
  mount: string;
  device: string;
  fstype: string;
  sizeBytes: number | null;
  usedBytes: number | null;
  freeBytes: number | null;
  usedPct: number | null;
  inodesUsedPct: number | null;
  status: Status;
  forecast?: DiskForecast | null;
};
export type NetRow = { iface: string; rxAvg: number | null; txAvg: number | null; rxMax: number | null; txMax: number | null; errors: number | null; drops: number | null };

export type HostSection = Awaited<ReturnType<typeof buildHostSection>>;

type Ctx = {
  store: SeriesStore;
  hosts: HostRepo;
  checks: CheckStateReader;
  alerts: AlertReader;
  from: number;
  to: number;
  step: number;
  timezone: string;
  locale: string;
  strings: Record<string, string>;
  fits: Fits;
  /** When the report is made: disk forecasts count days from here, not from the period's end. */
  now: number;
  /** The configured agent interval: the sampling interval of a host whose data is too thin to tell. */
  defaultIntervalMs: number;
};

/** A host's status: `none` when it has too little data to be judged (not scored). */
export type HostStatus = Status | 'none';

/** Reads one host's period from the store and shapes it for the templates. */
export async function buildHostSection(host: string, ctx: Ctx) {
  const q = (metric: string) => ctx.store.range({ host, metric, from: ctx.from, to: ctx.to, step: ctx.step });
  const [record, cpu, mem, load1, load15, diskPct, diskSize, diskUsed, diskFree, inodes, rx, tx, rxErr, txErr, rxDrop, txDrop] = await Promise.all([
    ctx.hosts.get(host),
    q('cpu.total'), q('mem.used_pct'), q('load.1'), q('load.15'),
    q('disk.used_pct'), q('disk.size'), q('disk.used'), q('disk.free'), q('disk.inodes_used_pct'),
    q('net.rx_bps'), q('net.tx_bps'), q('net.rx_errors'), q('net.tx_errors'), q('net.rx_drops'), q('net.tx_drops'),
  ]);
  const cpuTotal = pickSeries(cpu)?.points ?? [];
  const memPct = pickSeries(mem)?.points ?? [];
  // Memory is sampled on every tick, so its buckets tell where the host was silent. Coverage and gaps
  // count from the period's start: time before the host's first sample is time without data.
  const firstSeen = record?.firstSeen ?? null;
  const presenceMetric = memPct.length > 0 ? 'mem.used_pct' : 'cpu.total';
  const warmupSamples = await countWarmup({ store: ctx.store, host, metric: presenceMetric, firstSeen, from: ctx.from });
  const basis = dataBasis({ points: memPct.length > 0 ? memPct : cpuTotal, step: ctx.step, from: ctx.from, to: ctx.to, now: ctx.now, firstSeen, defaultIntervalMs: ctx.defaultIntervalMs, warmupSamples });
  const judged = basis.scoring === 'scored';
  // Averages and peaks leave out the agent's first minute (start-up noise), and there are none below the minimum.
  const stat = (points: typeof cpuTotal, f: (p: typeof cpuTotal) => number | null) => (judged ? f(afterWarmup(points, basis)) : null);
  const stats = {
    cpuAvg: stat(cpuTotal, seriesAvg),
    cpuMax: stat(cpuTotal, seriesMax),
    memAvg: stat(memPct, seriesAvg),
    memMax: stat(memPct, seriesMax),
    loadMax: stat(pickSeries(load15)?.points ?? [], seriesMax),
    coveragePct: basis.coveragePct,
  };
  const gaps = basis.gaps;
  const latestDisks = new Map((record?.latest?.disks ?? []).map((d) => [d.mount, d]));
  const disks: DiskRow[] = diskPct.map((s) => {
    const mount = s.id.labels.mount ?? '?';
    const find = (all: typeof diskSize) => seriesLast(pickSeries(all, s.id.labels)?.points ?? []);
    const usedPct = seriesLast(s.points);
    return {
      mount,
      device: latestDisks.get(mount)?.device ?? '',
      fstype: latestDisks.get(mount)?.fstype ?? '',
      sizeBytes: find(diskSize),
      usedBytes: find(diskUsed),
      freeBytes: find(diskFree),
      usedPct,
      inodesUsedPct: find(inodes),
      status: statusOf(usedPct, THRESHOLDS.diskWarnPct, THRESHOLDS.diskFailPct),
    };
  }).sort((a, b) => a.mount.localeCompare(b.mount));
  const network: NetRow[] = rx.map((s) => {
    const other = (all: typeof rx) => pickSeries(all, s.id.labels)?.points ?? [];
    const total = (all: typeof rx) => sumRate(other(all), ctx.step);
    return {
      iface: s.id.labels.iface ?? '?',
      rxAvg: seriesAvg(s.points),
      txAvg: seriesAvg(other(tx)),
      rxMax: seriesMax(s.points),
      txMax: seriesMax(other(tx)),
      errors: add(total(rxErr), total(txErr)),
      drops: add(total(rxDrop), total(txDrop)),
    };
  }).sort((a, b) => a.iface.localeCompare(b.iface));
  const hasData = memPct.some((p) => p.v !== null) || cpuTotal.some((p) => p.v !== null);
  // Started together: on the worker-thread pool they fit in parallel.
  // No forecast from a host's first minutes: too few points to fit, and start-up noise in them.
  const [cpuFc, memFc, diskFc] = hasData && basis.scoring !== 'insufficient'
    ? await Promise.all([
        chartForecast({ store: ctx.store, shown: pickSeries(cpu), host, metric: 'cpu.total', fits: ctx.fits, now: ctx.to, clampMax: 100 }),
        chartForecast({ store: ctx.store, shown: pickSeries(mem), host, metric: 'mem.used_pct', fits: ctx.fits, now: ctx.to, clampMax: 100 }),
        forecastDisks({ store: ctx.store, host, now: Math.max(ctx.to, ctx.now), fits: ctx.fits, strings: ctx.strings }),
      ])
    : [null, null, { disks: [], stored: [] }];
  const byMount = new Map(diskFc.disks.map((d) => [d.mount, d]));
  for (const d of disks) d.forecast = byMount.get(d.mount) ?? null;
  const ahead = (fc: ChartForecast | null) => (fc ? fc.mean[fc.mean.length - 1]?.[0] ?? ctx.to : ctx.to);
  const chartBase = { timezone: ctx.timezone, locale: ctx.locale, width: 720, height: 200, xMin: ctx.from };
  const withForecast = (name: string, points: Array<[number, number | null]>, fc: ChartForecast | null): { series: ChartSeries[]; bands: ChartBand[] } => ({
    series: [{ name, points }, ...(fc ? [{ name: ctx.strings['forecast.mean'] ?? 'forecast', points: fc.mean, dashed: true }] : [])],
    bands: fc ? [{ name: ctx.strings['forecast.band'] ?? '80%', points: fc.band }] : [],
  });
  const charts = hasData
    ? [
        { svg: renderLineChart({ ...chartBase, xMax: ahead(cpuFc), title: ctx.strings['chart.cpu'], ...withForecast('CPU %', toChartPoints(cpuTotal), cpuFc), unit: '%', yMin: 0, yMax: 100 }) },
        { svg: renderLineChart({ ...chartBase, xMax: ahead(memFc), title: ctx.strings['chart.memory'], ...withForecast('mem %', toChartPoints(memPct), memFc), unit: '%', yMin: 0, yMax: 100 }) },
        {
          svg: renderLineChart({
            ...chartBase,
            xMax: ctx.to,
            title: ctx.strings['chart.load'],
            series: [
              { name: '1m', points: toChartPoints(pickSeries(load1)?.points ?? []) },
              { name: '15m', points: toChartPoints(pickSeries(load15)?.points ?? []) },
            ],
          }),
        },
      ]
    : [];
  const ops = await hostOperations({ checks: ctx.checks, alerts: ctx.alerts, host, from: ctx.from, to: ctx.to });
  const stored: StoredForecast[] = [...diskFc.stored, ...[cpuFc, memFc].flatMap((f) => (f ? [f.stored] : []))];
  const processes = record?.processes
    ? { t: record.processes.t, tables: [{ title: 'proc.byCpu', rows: record.processes.byCpu }, { title: 'proc.byMem', rows: record.processes.byMem }] }
    : null;
  const status: HostStatus =
    basis.scoring === 'insufficient'
      ? 'none'
      : basis.scoring === 'silent'
        ? 'fail'
        : worst([
            ...disks.map((d) => d.status),
            ...diskFc.disks.map((d) => d.status),
            ...ops.availability.map((a) => a.status),
            statusOf(stats.cpuAvg, THRESHOLDS.cpuAvgWarnPct, THRESHOLDS.cpuAvgFailPct),
            statusOf(stats.memMax, THRESHOLDS.memMaxWarnPct, THRESHOLDS.memMaxFailPct),
            (stats.coveragePct ?? 0) < THRESHOLDS.coverageWarnPct ? 'warn' : 'ok',
          ]);
  return {
    id: host,
    anchor: `host-${host.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    info: record?.info ? { ...record.info, uptimeMs: record.info.uptimeSec * 1000 } : null,
    lastSeen: record?.lastSeen ?? null,
    monitoredSince: firstSeen !== null && firstSeen > ctx.from ? firstSeen : null,
    simulated: record?.simulated ?? false,
    hasData,
    status,
    basis,
    stats,
    charts,
    disks,
    network,
    processes,
    gaps,
    forecasts: { disks: diskFc.disks, stored },
    ops,
  };
}

/** A per-second rate summed over buckets gives the count in the period. */
function sumRate(points: { v: number | null; count: number }[], step: number): number | null {
  let total = 0;
  let any = false;
  for (const p of points) {
    if (p.v === null) continue;
    total += (p.v * step) / 1000;
    any = true;
  }
  return any ? total : null;
}

function add(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}

/** Samples in the agent's first minute, at one-second buckets: a chart bucket would swallow the minute. */
async function countWarmup(opts: { store: SeriesStore; host: string; metric: string; firstSeen: number | null; from: number }): Promise<number> {
  const until = warmupEnd(opts);
  if (until === null || opts.firstSeen === null) return 0;
  const [s] = await opts.store.range({ host: opts.host, metric: opts.metric, labels: {}, from: opts.firstSeen, to: until - 1, step: 1000 });
  return (s?.points ?? []).reduce((n, p) => (p.t + 1000 <= until ? n + p.count : n), 0);
}
