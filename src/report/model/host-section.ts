import type { HostRepo } from '../../fleet/host-repo.js';
import type { RangePoint, RangeSeries, SeriesStore } from '../../store/types.js';
import type { StoredForecast } from '../../analyze/index.js';
import type { AlertReader } from '../../alert/types.js';
import type { CheckStateReader } from '../../checks/types.js';
import { hostOperations } from './host-operations.js';
import { hostLogs } from './logs/host-logs.js';
import type { LogReader } from '../../logs/store/log-repo.js';
import { hostCharts } from './host-charts.js';
import { diskIoRows, diskRows, netRows } from './host-tables.js';
import { chartForecast, forecastDisks, type Fits } from './forecasts.js';
import { afterWarmup, dataBasis, warmupEnd } from './data-basis.js';
import { pickSeries, seriesAvg, seriesMax } from './series-stats.js';
import { statusOf, THRESHOLDS, worst, type Status } from './thresholds.js';
import { METRIC } from '../../metrics/index.js';
import type { SecurityReader } from '../../security/store/security-repo.js';
import { buildHostSecurity } from './host-security.js';

export type { DiskIoRow, DiskRow, NetRow } from './host-tables.js';

export type HostSection = Awaited<ReturnType<typeof buildHostSection>>;

type Ctx = {
  store: SeriesStore;
  hosts: HostRepo;
  checks: CheckStateReader;
  alerts: AlertReader;
  /** The log store; without one (no log stage) the section is left out, not shown as empty. */
  logs: LogReader | null;
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
  /** Interfaces shown even when they carried nothing (`reports.<name>.showIdleInterfaces`). */
  showIdleInterfaces: readonly string[];
  /** Absent: the section says security signals were not collected. */
  security?: SecurityReader;
};

/** A host's status: `none` when it has too little data to be judged (not scored). */
export type HostStatus = Status | 'none';

const METRICS = [
  METRIC.cpuTotal,
  METRIC.memUsedPct,
  METRIC.load1,
  METRIC.load15,
  METRIC.swapUsed,
  METRIC.swapTotal,
  METRIC.diskUsedPct,
  METRIC.diskSize,
  METRIC.diskUsed,
  METRIC.diskFree,
  METRIC.diskInodesUsedPct,
  METRIC.netRxBps,
  METRIC.netTxBps,
  METRIC.netRxErrors,
  METRIC.netTxErrors,
  METRIC.netRxDrops,
  METRIC.netTxDrops,
  METRIC.diskioReadBps,
  METRIC.diskioWriteBps,
  METRIC.diskioReadIops,
  METRIC.diskioWriteIops,
  METRIC.diskioBusyPct,
] as const;

const MAX_GAP_ROWS = 20;

/** Reads one host's period from the store and shapes it for the templates. */
export async function buildHostSection(host: string, ctx: Ctx) {
  const [record, ...series] = await Promise.all([
    ctx.hosts.get(host),
    ...METRICS.map((metric) => ctx.store.range({ host, metric, from: ctx.from, to: ctx.to, step: ctx.step })),
  ]);
  const m = Object.fromEntries(METRICS.map((name, i) => [name, series[i] ?? []])) as Record<(typeof METRICS)[number], NonNullable<(typeof series)[number]>>;
  const one = (name: (typeof METRICS)[number]) => pickSeries(m[name])?.points ?? [];
  const cpuTotal = one(METRIC.cpuTotal);
  const memPct = one(METRIC.memUsedPct);
  const swapPct = swapPercent(one(METRIC.swapUsed), one(METRIC.swapTotal));
  // Memory is sampled on every tick, so its buckets tell where the host was silent. Coverage and gaps
  // count from the period's start: time before the host's first sample is time without data.
  const firstSeen = record?.firstSeen ?? null;
  const presence = memPct.length > 0 ? METRIC.memUsedPct : METRIC.cpuTotal;
  const warmupSamples = await countWarmup({ store: ctx.store, host, metric: presence, firstSeen, from: ctx.from });
  const basis = dataBasis({
    points: one(presence),
    step: ctx.step,
    from: ctx.from,
    to: ctx.to,
    now: ctx.now,
    firstSeen,
    lastSeen: record?.lastSeen ?? null,
    defaultIntervalMs: ctx.defaultIntervalMs,
    warmupSamples,
  });
  const judged = basis.scoring === 'scored';
  // Averages and peaks leave out the agent's first minute (start-up noise), and there are none below the minimum.
  const stat = (points: RangePoint[], f: (p: RangePoint[]) => number | null) => (judged ? f(afterWarmup(points, basis)) : null);
  const disks = diskRows({
    pct: m[METRIC.diskUsedPct],
    size: m[METRIC.diskSize],
    used: m[METRIC.diskUsed],
    free: m[METRIC.diskFree],
    inodes: m[METRIC.diskInodesUsedPct],
    latest: record?.latest?.disks ?? [],
    // The report says nothing is judged from an unscored host's samples: its disks get no OK/WARN badge.
    judge: basis.scoring !== 'insufficient',
  });
  // The tables' averages and peaks leave out the agent's first minute too, as the report says;
  // a first report then states no IO or traffic figure from start-up samples (the charts keep them).
  const settled = (all: RangeSeries[]): RangeSeries[] => all.map((x) => ({ ...x, points: afterWarmup(x.points, basis) }));
  const net = netRows({
    rx: settled(m[METRIC.netRxBps]),
    tx: settled(m[METRIC.netTxBps]),
    rxErr: settled(m[METRIC.netRxErrors]),
    txErr: settled(m[METRIC.netTxErrors]),
    rxDrop: settled(m[METRIC.netRxDrops]),
    txDrop: settled(m[METRIC.netTxDrops]),
    intervalMs: basis.intervalMs,
    show: ctx.showIdleInterfaces,
  });
  const io = {
    readBps: m[METRIC.diskioReadBps],
    writeBps: m[METRIC.diskioWriteBps],
    readIops: m[METRIC.diskioReadIops],
    writeIops: m[METRIC.diskioWriteIops],
    busy: m[METRIC.diskioBusyPct],
  };
  const stats = {
    cpuAvg: stat(cpuTotal, seriesAvg),
    cpuMax: stat(cpuTotal, seriesMax),
    memAvg: stat(memPct, seriesAvg),
    memMax: stat(memPct, seriesMax),
    swapMax: swapPct ? stat(swapPct, seriesMax) : null,
    loadMax: stat(one(METRIC.load15), seriesMax),
    diskMaxPct: judged ? disks.reduce<number | null>((mx, d) => (d.usedPct !== null && (mx === null || d.usedPct > mx) ? d.usedPct : mx), null) : null,
    coveragePct: basis.coveragePct,
  };
  const hasData = memPct.some((p) => p.v !== null) || cpuTotal.some((p) => p.v !== null);
  // No forecast from a host's first minutes: too few points to fit, and start-up noise in them.
  // Started together: on the worker-thread pool they fit in parallel.
  const [cpuFc, memFc, diskFc] =
    hasData && basis.scoring !== 'insufficient'
      ? await Promise.all([
          chartForecast({ store: ctx.store, shown: pickSeries(m[METRIC.cpuTotal]), host, metric: METRIC.cpuTotal, fits: ctx.fits, now: ctx.to, clampMax: 100 }),
          chartForecast({
            store: ctx.store,
            shown: pickSeries(m[METRIC.memUsedPct]),
            host,
            metric: METRIC.memUsedPct,
            fits: ctx.fits,
            now: ctx.to,
            clampMax: 100,
          }),
          forecastDisks({ store: ctx.store, host, now: Math.max(ctx.to, ctx.now), fits: ctx.fits, strings: ctx.strings }),
        ])
      : [null, null, { disks: [], stored: [] }];
  const byMount = new Map(diskFc.disks.map((d) => [d.mount, d]));
  for (const d of disks) d.forecast = byMount.get(d.mount) ?? null;
  const charts = hasData
    ? hostCharts(
        { from: ctx.from, to: ctx.to, timezone: ctx.timezone, locale: ctx.locale, strings: ctx.strings },
        {
          cpu: cpuTotal,
          mem: memPct,
          swapPct,
          load1: one(METRIC.load1),
          load15: one(METRIC.load15),
          diskPct: m[METRIC.diskUsedPct],
          io,
          net: { rx: m[METRIC.netRxBps], tx: m[METRIC.netTxBps], ifaces: net.rows.map((r) => r.iface) },
        },
        { cpu: cpuFc, mem: memFc },
      )
    : [];
  const [ops, logs, security] = await Promise.all([
    hostOperations({ checks: ctx.checks, alerts: ctx.alerts, host, from: ctx.from, to: ctx.to }),
    ctx.logs ? hostLogs(host, { ...ctx, logs: ctx.logs }) : null,
    buildHostSecurity(ctx.security, { host, from: ctx.from, to: ctx.to, timezone: ctx.timezone, strings: ctx.strings, now: ctx.now }),
  ]);
  const stored: StoredForecast[] = [...diskFc.stored, ...[cpuFc, memFc].flatMap((f) => (f ? [f.stored] : []))];
  const processes = record?.processes
    ? {
        t: record.processes.t,
        tables: [
          { title: 'proc.byCpu', rows: record.processes.byCpu },
          { title: 'proc.byMem', rows: record.processes.byMem },
        ],
      }
    : null;
  const status: HostStatus =
    basis.scoring === 'insufficient'
      ? 'none'
      : basis.scoring === 'silent'
        ? 'fail'
        : worst([
            ...disks.flatMap((d) => (d.status ? [d.status] : [])),
            ...diskFc.disks.map((d) => d.status),
            // A check that could not tell (unknown) or has no results in the period neither passes
            // nor fails the host: the table and its note say so.
            ...ops.availability.flatMap((a) => (a.status === 'unknown' || a.status === 'nodata' ? [] : [a.status])),
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
    charts: { full: charts.filter((c) => !c.half), half: charts.filter((c) => c.half) },
    disks,
    network: net.rows,
    idleInterfaces: net.idle,
    unreadInterfaces: net.unread,
    diskIo: diskIoRows({
      readBps: settled(io.readBps),
      writeBps: settled(io.writeBps),
      readIops: settled(io.readIops),
      writeIops: settled(io.writeIops),
      busy: settled(io.busy),
    }),
    processes,
    // A flapping agent can leave hundreds of gaps: the table lists the first ones and totals the rest.
    gaps: basis.gaps.slice(0, MAX_GAP_ROWS),
    gapsMore:
      basis.gaps.length > MAX_GAP_ROWS
        ? { count: basis.gaps.length - MAX_GAP_ROWS, ms: basis.gaps.slice(MAX_GAP_ROWS).reduce((t, g) => t + g.durationMs, 0) }
        : null,
    forecasts: { disks: diskFc.disks, stored },
    ops,
    logs,
    security,
  };
}

/** Swap used as a share of swap size, per bucket; null for a host without swap. */
function swapPercent(used: RangePoint[], total: RangePoint[]): RangePoint[] | null {
  if (!total.some((p) => (p.v ?? 0) > 0)) return null;
  return used.map((p, i) => {
    const size = total[i]?.v ?? null;
    const pct = (v: number | null) => (v === null || size === null || size <= 0 ? null : (100 * v) / size);
    return { t: p.t, v: pct(p.v), min: pct(p.min), max: pct(p.max), last: pct(p.last), count: pct(p.v) === null ? 0 : p.count };
  });
}

/** Samples in the agent's first minute, at one-second buckets: a chart bucket would swallow the minute. */
async function countWarmup(opts: { store: SeriesStore; host: string; metric: string; firstSeen: number | null; from: number }): Promise<number> {
  const until = warmupEnd(opts);
  if (until === null || opts.firstSeen === null) return 0;
  const [s] = await opts.store.range({ host: opts.host, metric: opts.metric, labels: {}, from: opts.firstSeen, to: until - 1, step: 1000 });
  return (s?.points ?? []).reduce((n, p) => (p.t + 1000 <= until ? n + p.count : n), 0);
}
