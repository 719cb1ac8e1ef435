import { createFitCache, createForecastPool, type FitCache, type Forecaster } from '../../analyze/index.js';
import type { HostRepo } from '../../fleet/host-repo.js';
import type { AlertReader } from '../../alert/types.js';
import type { CheckStateReader } from '../../checks/types.js';
import type { SeriesStore } from '../../store/types.js';
import type { LogReader } from '../../logs/store/log-repo.js';
import { fleetLogs } from './logs/fleet-logs.js';
import { buildHostSection, type HostSection } from './host-section.js';
import type { ReportRequest } from './report-request.js';
import { accountingNote } from './accounting.js';
import { buildSummary } from './summary.js';
import type { Changes, TrackRecord } from './track-record.js';
import type { SecurityReader } from '../../security/store/security-repo.js';
import { securityFleet } from './security-fleet.js';

export type ReportModel = Awaited<ReturnType<typeof buildReportModel>>;

/** Steps that divide a day, in minutes: with one of them the forecast can infer the daily cycle. */
const DAY_DIVIDING_MINUTES = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];

/**
 * Charts want a few hundred points: enough to see shape, few enough to keep the SVG small. The step is
 * the day-dividing one nearest to period / 300, so a week is drawn (and forecast) at 30 minutes, 48 a
 * day: the chart's forecast then carries the daily cycle (a 34-minute step would have hidden it).
 */
export function chartStep(from: number, to: number): number {
  const raw = Math.max(1, (to - from) / 300 / 60_000);
  let best = DAY_DIVIDING_MINUTES[0] as number;
  for (const m of DAY_DIVIDING_MINUTES) if (Math.abs(Math.log(m / raw)) < Math.abs(Math.log(best / raw))) best = m;
  return best * 60_000;
}

export function periodLabel(req: Pick<ReportRequest, 'from' | 'to' | 'timezone' | 'locale'>): string {
  const fmt = new Intl.DateTimeFormat(req.locale, { timeZone: req.timezone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
  return `${fmt.format(new Date(req.from))} – ${fmt.format(new Date(req.to))}`;
}

const TITLE_KEYS = { day: 'report.titleDay', week: 'report.titleWeek', month: 'report.titleMonth', custom: 'report.titleCustom' } as const;
/** Names that say no more than the period's own title: "weekly" is the weekly report. */
const PLAIN_NAMES: Record<string, string> = { day: 'daily', week: 'weekly', month: 'monthly' };

/**
 * An untitled report's title, wholly in the report's language: "Weekly report" / "周报", with the
 * report's name when it tells more than the period ("Daily report: db-nightly").
 */
export function defaultTitle(opts: { name: string; kind: keyof typeof TITLE_KEYS; strings: Record<string, string> }): string {
  const base = opts.strings[TITLE_KEYS[opts.kind]] ?? opts.kind;
  if (PLAIN_NAMES[opts.kind] === opts.name.toLowerCase()) return base;
  return (opts.strings['report.titleNamed'] ?? '{title}: {name}').replace('{title}', base).replace('{name}', opts.name);
}

/** Resolves the hosts and reads every section; the model is all the templates see. */
export async function buildReportModel(opts: {
  request: ReportRequest;
  store: SeriesStore;
  hosts: HostRepo;
  strings: Record<string, string>;
  now: number;
  onHost?: (done: number, total: number) => void | Promise<void>;
  /** Fitted models kept between reports, so a report warm-starts where the last one ended. */
  cache?: FitCache;
  /** Where fits run; in-process when absent. */
  forecaster?: Pick<Forecaster, 'forecast'>;
  checks: CheckStateReader;
  alerts: AlertReader;
  /** The log store; absent where there is no log stage (the Logs sections are left out). */
  logs?: LogReader;
  /** The configured agent interval (`agent.interval`), for hosts whose data is too thin to show theirs. */
  defaultIntervalMs?: number;
  /** The security store; absent, every host's Security section says "not collected". */
  security?: SecurityReader;
}) {
  const { request: req } = opts;
  const ids = req.hosts === 'all' ? await opts.hosts.list() : req.hosts;
  const step = chartStep(req.from, req.to);
  const ctx = {
    store: opts.store,
    hosts: opts.hosts,
    from: req.from,
    to: req.to,
    step,
    timezone: req.timezone,
    locale: req.locale,
    strings: opts.strings,
    fits: { cache: opts.cache ?? createFitCache(), forecaster: opts.forecaster ?? createForecastPool({ threads: 0 }) },
    now: opts.now,
    checks: opts.checks,
    alerts: opts.alerts,
    logs: opts.logs ?? null,
    defaultIntervalMs: opts.defaultIntervalMs ?? 10_000,
    showIdleInterfaces: req.showIdleInterfaces ?? [],
    ...(opts.security ? { security: opts.security } : {}),
  };
  const sections: HostSection[] = [];
  // A few hosts at a time: enough to overlap Redis round trips without flooding the connection.
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(ids.slice(i, i + 8).map((id) => buildHostSection(id, ctx)));
    sections.push(...batch);
    await opts.onHost?.(sections.length, ids.length);
  }
  const logs = opts.logs ? await fleetLogs({ logs: opts.logs, hosts: ids, from: req.from, to: req.to }) : null;
  const title = req.title || defaultTitle({ name: req.name, kind: req.periodKind, strings: opts.strings });
  return {
    meta: {
      id: req.id,
      name: req.name,
      title,
      template: req.template,
      periodKind: req.periodKind,
      periodLabel: periodLabel(req),
      from: req.from,
      to: req.to,
      timezone: req.timezone,
      locale: req.locale,
      generatedAt: opts.now,
      /** The chart and table bucket: peaks in tables are the highest averages over it. */
      stepMs: step,
      hostCount: sections.length,
      archiveId: '' as string,
    },
    single: sections.length === 1,
    summary: buildSummary(sections, opts.strings, req.locale),
    /** Top error templates across hosts (fleet summary); null without log sources. */
    fleetLogs: logs,
    securityFleet: securityFleet(sections),
    forecastsNeedingAction: sections
      .flatMap((h) => h.forecasts.disks.filter((d) => d.status !== 'ok').map((d) => ({ ...d, host: h.id })))
      .sort((a, b) => (a.etaMs ?? a.earliestMs ?? Infinity) - (b.etaMs ?? b.earliestMs ?? Infinity)),
    trackRecord: null as TrackRecord | null,
    changes: null as Changes | null,
    /** How availability was counted: printed in the report so nobody argues over the number. */
    accounting: accountingNote({ hosts: sections, strings: opts.strings, locale: req.locale }),
    hosts: sections,
    tocPages: {} as Record<string, number | string>,
    delivery: {} as { tooLarge?: boolean; pdfSize?: string; archivePath?: string },
  };
}
