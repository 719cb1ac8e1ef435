import { pickSeries, toChartPoints } from '../../report/model/series-stats.js';
import type { WebContext } from '../context.js';
import { formatDuration } from '../../shared/duration.js';
import { bandFor, timeToFull, type TimeToFull } from './forecast.js';
import { diskChart, loadChart, networkChart, percentChart } from './host-charts.js';
import { recentCpuAvg } from './fleet.js';
import { summarizeHost } from './host-health.js';
import { RANGE_KEYS, rangeWindow, type RangeKey } from './ranges.js';
import { safeRead } from './safe-read.js';
import { METRIC } from '../../metrics/index.js';
import { hostSecurityPanel } from './host-security-panel.js';

/** Everything the host page shows, for one host and one window. Null when the host is unknown. */
export async function buildHostPage(ctx: WebContext, opts: { host: string; range: RangeKey; now?: number }) {
  const { deps } = ctx;
  const now = opts.now ?? Date.now();
  if (!(await deps.hosts.list()).includes(opts.host)) return null;
  const w = rangeWindow(opts.range, now, deps.config.agent.interval);
  const q = (metric: string) => deps.store.range({ host: opts.host, metric, from: w.from, to: w.to, step: w.step });
  const [record, cpu, mem, load1, load15, diskPct, rx, tx] = await Promise.all([
    deps.hosts.get(opts.host),
    q(METRIC.cpuTotal),
    q(METRIC.memUsedPct),
    q(METRIC.load1),
    q(METRIC.load15),
    q(METRIC.diskUsedPct),
    q(METRIC.netRxBps),
    q(METRIC.netTxBps),
  ]);
  const [checks, restarts, alerts, security] = await Promise.all([
    ctx.checks ? safeRead(deps.log, 'checks', () => ctx.checks!.latest(opts.host), []) : null,
    ctx.checks ? safeRead(deps.log, 'restarts', () => ctx.checks!.restarts({ host: opts.host, from: w.from, to: w.to }), []) : null,
    ctx.alerts ? safeRead(deps.log, 'alerts', () => ctx.alerts!.active(), []) : null,
    hostSecurityPanel({ security: deps.security, log: deps.log, host: opts.host, from: w.from, to: w.to }),
  ]);
  const health = summarizeHost({
    id: opts.host,
    record,
    checks: checks?.value ?? [],
    alerts: alerts?.value ?? [],
    now,
    intervalMs: deps.config.agent.interval,
    cpuAvg: await recentCpuAvg(ctx, opts.host, now),
  });

  const cpuPts = toChartPoints(pickSeries(cpu)?.points ?? []);
  const memPts = toChartPoints(pickSeries(mem)?.points ?? []);
  const disks = await Promise.all(
    diskPct.map(async (s) => {
      const points = toChartPoints(s.points);
      // Time to full looks four windows ahead (a day's data: four days); the chart draws a quarter window.
      const band = await bandFor(ctx.forecast, { points, stepMs: w.step, horizon: w.horizon * 16, threshold: 100 });
      const shown = band ? { ...band, points: band.points.slice(0, w.horizon) } : null;
      return { mount: s.id.labels.mount ?? '?', points, band: shown, ttf: timeToFull({ points, band, now }) };
    }),
  );
  const [cpuBand, memBand] = await Promise.all([
    bandFor(ctx.forecast, { points: cpuPts, stepMs: w.step, horizon: w.horizon }),
    bandFor(ctx.forecast, { points: memPts, stepMs: w.step, horizon: w.horizon }),
  ]);
  const base = { timezone: ctx.timezone, locale: 'en' };
  const fullest = [...disks].sort((a, b) => (last(b.points) ?? 0) - (last(a.points) ?? 0))[0] ?? null;
  const hasData = [...cpuPts, ...memPts].some(([, v]) => v !== null);
  const charts = hasData
    ? [
        percentChart(base, { title: 'CPU utilisation', name: 'CPU %', points: cpuPts, band: cpuBand }),
        percentChart(base, { title: 'Memory used', name: 'mem %', points: memPts, band: memBand }),
        loadChart(base, load1, load15),
        diskChart(base, diskPct, fullest),
        networkChart(base, rx, tx),
      ]
    : [];
  const ttfByMount = new Map(disks.map((d) => [d.mount, d.ttf]));
  return {
    host: health,
    record,
    range: w,
    ranges: RANGE_KEYS.map((k) => ({ key: k, active: k === opts.range })),
    hasData,
    sparse: [...cpuPts, ...memPts].filter(([, v]) => v !== null).length < 24,
    charts,
    forecastAvailable: ctx.forecast !== undefined,
    disks: health.disks.map((d) => ({ ...d, ttf: ttfText(ttfByMount.get(d.mount) ?? null) })),
    net: record?.latest?.net ?? [],
    processes: record?.processes ?? null,
    checksConfigured: ctx.checks !== undefined,
    checksFailed: (checks?.failed ?? false) || (restarts?.failed ?? false),
    checks: checks?.value ?? [],
    restarts: restarts?.value ?? [],
    alertsConfigured: ctx.alerts !== undefined,
    alerts: (alerts?.value ?? []).filter((a) => a.host === opts.host && a.status !== 'resolved'),
    security,
  };
}

/** "in 12d 4h (linear trend)", "not growing", "full": what a person needs, with the method named. */
function ttfText(t: TimeToFull | null): { text: string; soon: boolean } {
  if (!t) return { text: '—', soon: false };
  if (t.ms === 0) return { text: 'full', soon: true };
  if (t.ms === null) return { text: t.note || '—', soon: false };
  const soon = t.ms < 7 * 86_400_000;
  // The engine phrases its own answer with the 80% range; a trend gets a plain duration.
  if (t.method === 'forecast' && t.note) return { text: t.note, soon };
  return { text: `full in ${formatDuration(t.ms)}${t.method ? ` (${t.method})` : ''}`, soon };
}

function last(points: Array<[number, number | null]>): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]?.[1];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
