import { pickSeries, seriesAvg } from '../../report/model/series-stats.js';
import type { WebContext } from '../context.js';
import { summarizeHost, type CpuAverage, type HostSummary } from './host-health.js';
import { safeRead } from './safe-read.js';
import { METRIC } from '../../metrics/index.js';

const CPU_WINDOW_MS = 5 * 60_000;
/** Fine enough that the stated window is right to the second. */
const CPU_STEP_MS = 1_000;

/**
 * CPU averaged over the last 5 minutes (null without data): what health is judged on. `windowMs` is
 * the span the samples really cover: less than 5 minutes when there is no sample before the window
 * (an agent started 1.5 minutes ago), so the console never calls 3 samples a "5-min average".
 */
export async function recentCpuAvg(ctx: WebContext, host: string, now: number): Promise<CpuAverage | null> {
  // One window further back tells whether samples run on before the window, i.e. cover all of it.
  const series = await ctx.deps.store.range({ host, metric: METRIC.cpuTotal, from: now - 2 * CPU_WINDOW_MS, to: now, step: CPU_STEP_MS });
  const points = pickSeries(series)?.points ?? [];
  const inWindow = points.filter((p) => p.t >= now - CPU_WINDOW_MS);
  const pct = seriesAvg(inWindow);
  const first = inWindow.find((p) => p.v !== null);
  if (pct === null || !first) return null;
  const before = points.some((p) => p.t < now - CPU_WINDOW_MS && p.v !== null);
  return { pct, windowMs: before ? CPU_WINDOW_MS : now - first.t, fullWindowMs: CPU_WINDOW_MS };
}

export type FleetModel = Awaited<ReturnType<typeof buildFleet>>;

/** Every known host with its health, plus fleet-wide counts for the overview header. */
export async function buildFleet(ctx: WebContext, now = Date.now()) {
  const { deps } = ctx;
  const ids = await deps.hosts.list();
  const alerts = ctx.alerts ? await safeRead(deps.log, 'alerts', () => ctx.alerts!.active(), []) : null;
  let checksFailed = false;
  const hosts: HostSummary[] = await Promise.all(
    ids.map(async (id) => {
      const [record, cpuAvg, checks] = await Promise.all([
        deps.hosts.get(id),
        recentCpuAvg(ctx, id, now),
        ctx.checks ? safeRead(deps.log, 'checks', () => ctx.checks!.latest(id), []) : Promise.resolve({ value: [], failed: false }),
      ]);
      checksFailed ||= checks.failed;
      return summarizeHost({ id, record, checks: checks.value, alerts: alerts?.value ?? [], now, intervalMs: deps.config.agent.interval, cpuAvg });
    }),
  );
  const order = { fail: 0, warn: 1, ok: 2 } as const;
  hosts.sort((a, b) => order[a.status] - order[b.status] || a.id.localeCompare(b.id));
  const firing = (alerts?.value ?? []).filter((a) => a.status === 'firing');
  return {
    hosts,
    counts: {
      total: hosts.length,
      ok: hosts.filter((h) => h.status === 'ok').length,
      warn: hosts.filter((h) => h.status === 'warn').length,
      fail: hosts.filter((h) => h.status === 'fail').length,
      // Unknown (the probe could not tell) is listed with its badge but is not a failing check.
      failingChecks: hosts.reduce((n, h) => n + h.failingChecks.filter((c) => c.status !== 'unknown').length, 0),
      firingAlerts: firing.length,
    },
    tones: { warn: hosts.some((h) => h.status === 'warn') ? 'warn' : '', fail: hosts.some((h) => h.status === 'fail') ? 'fail' : '' },
    checksConfigured: ctx.checks !== undefined,
    alertsConfigured: ctx.alerts !== undefined,
    alertsFailed: alerts?.failed ?? false,
    checksFailed,
    firing,
  };
}
