import { logLine } from '../../../logs/display-text.js';
import type { LogReader, LogSeverity, LogTemplateTotal } from '../../../logs/store/log-repo.js';
import { interpolate } from '../../templates/helpers.js';
import { logsChart } from './logs-chart.js';
import { BURST_RULE, changeOf, findBurst, HOUR_MS, hourlyCounts, logCoverage, severityRank, type Burst, type LogCoverage } from './log-stats.js';

/** How many templates the section lists, and how many new ones before "and N more". */
const TOP = 10;
const MAX_NEW = 15;

export type LogsCtx = { logs: LogReader; from: number; to: number; timezone: string; locale: string; strings: Record<string, string> };

export type LogTemplateRow = {
  id: string;
  /** Display-safe (one line, cut); the templates escape it for HTML. */
  template: string;
  example: string | null;
  severity: LogSeverity;
  count: number;
  sources: string[];
};
/** `changeText` is "+38%", "new" or "—" (previous period not read), in the report's language. */
export type TopRow = LogTemplateRow & { previous: number | null; change: ReturnType<typeof changeOf>; changeText: string };
export type NewRow = LogTemplateRow & { firstSeen: number | null };
export type BurstRow = LogTemplateRow & Burst;

export type HostLogs =
  | { configured: false }
  | {
      configured: true;
      sources: Array<{ source: string; since: number; lastRead: number; problem: string | null }>;
      /** Null when no log was read in the period: then nothing below is stated. */
      coverage: LogCoverage | null;
      /** "Logs read since Tue 14:02, 38% of the period", when read for part of it only. */
      coverageNote: string | null;
      chart: string | null;
      totals: { errors: number; warnings: number; total: number } | null;
      top: TopRow[];
      /** False when the previous period was not read in full: its counts are not shown. */
      previousRead: boolean;
      fresh: NewRow[];
      freshMore: number;
      bursts: BurstRow[];
      burstRule: string;
    };

const row = (t: LogTemplateTotal): LogTemplateRow => ({
  id: t.id,
  template: logLine(t.template),
  example: t.examples[0] !== undefined ? logLine(t.examples[0]) : null,
  severity: t.severity,
  count: t.count,
  sources: t.sources.map((s) => logLine(s, 100)),
});

/** One host's "Logs" section from the log store: what was read, what it said, what was new or sudden. */
export async function hostLogs(host: string, ctx: LogsCtx): Promise<HostLogs> {
  const say = (k: string, a: Record<string, unknown> = {}) => interpolate(ctx.strings[k] ?? k, a);
  const statuses = await ctx.logs.sources(host);
  if (statuses.length === 0) return { configured: false };
  const sources = statuses
    .map((s) => ({ source: logLine(s.source, 100), since: s.since, lastRead: s.lastRead, problem: s.problem === null ? null : logLine(s.problem) }))
    .sort((a, b) => a.source.localeCompare(b.source));
  const burstRule = say('logs.burstRule', { factor: BURST_RULE.factor, lines: BURST_RULE.minLines, templates: BURST_RULE.templates });
  const coverage = logCoverage({ sources: statuses, from: ctx.from, to: ctx.to });
  const empty = {
    configured: true as const,
    sources,
    coverage,
    coverageNote: null,
    chart: null,
    totals: null,
    top: [],
    previousRead: false,
    fresh: [],
    freshMore: 0,
    bursts: [],
    burstRule,
  };
  if (!coverage) return empty;

  const range = { host, from: ctx.from, to: ctx.to };
  const length = ctx.to - ctx.from;
  const [buckets, templates, fresh] = await Promise.all([
    ctx.logs.buckets({ ...range, step: HOUR_MS }),
    ctx.logs.templates({ ...range, limit: BURST_RULE.templates }),
    ctx.logs.newTemplates(range),
  ]);
  const top = templates.slice(0, TOP);
  // The previous period is compared only when it was read from its start: a half-read period would show a false rise.
  const previousRead = Math.min(...statuses.map((s) => s.since)) <= ctx.from - length;
  const before = previousRead
    ? await ctx.logs.templates({ host, from: ctx.from - length, to: ctx.from, limit: TOP, filter: { templateIds: top.map((t) => t.id) } })
    : [];
  const prevCount = new Map(before.map((t) => [t.id, t.count]));
  const hours = hourlyCounts({ buckets, cov: coverage, from: ctx.from, to: ctx.to });
  const bursts = await findBursts({ logs: ctx.logs, range, candidates: templates, coverage });
  const read = hours.filter((h) => h.total !== null);
  return {
    ...empty,
    coverageNote: coverage.partial ? partialNote(coverage, ctx, say) : null,
    chart: logsChart({ hours, ...ctx }),
    totals: {
      errors: read.reduce((s, h) => s + (h.errors ?? 0), 0),
      warnings: read.reduce((s, h) => s + (h.warnings ?? 0), 0),
      total: read.reduce((s, h) => s + (h.total ?? 0), 0),
    },
    top: top.map((t) => {
      const previous = previousRead ? (prevCount.get(t.id) ?? 0) : null;
      const change = changeOf(t.count, previous);
      return { ...row(t), previous, change, changeText: changeText(change, ctx.locale, say) };
    }),
    previousRead,
    fresh: fresh
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count)
      .slice(0, MAX_NEW)
      .map((t) => ({ ...row(t), firstSeen: t.firstSeen })),
    freshMore: Math.max(0, fresh.length - MAX_NEW),
    bursts,
  };
}

/** Bursts among the most counted templates (a template with fewer lines than the rule's minimum cannot burst). */
async function findBursts(o: { logs: LogReader; range: { host: string; from: number; to: number }; candidates: LogTemplateTotal[]; coverage: LogCoverage }) {
  const out: BurstRow[] = [];
  const eligible = o.candidates.filter((t) => t.count >= BURST_RULE.minLines);
  const series = await o.logs.templateBuckets({ ...o.range, step: HOUR_MS, templateIds: eligible.map((t) => t.id) });
  eligible.forEach((t) => {
    const hours = hourlyCounts({ buckets: series.get(t.id) ?? [], cov: o.coverage, from: o.range.from, to: o.range.to });
    const burst = findBurst(hours.map((h) => ({ t: h.t, count: h.total })));
    if (burst) out.push({ ...row(t), ...burst });
  });
  return out.sort((a, b) => b.peak - a.peak);
}

function partialNote(c: LogCoverage, ctx: LogsCtx, say: (k: string, a?: Record<string, unknown>) => string): string {
  const fmt = new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const pct = new Intl.NumberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 0 }).format(c.pct / 100);
  const since = fmt.format(new Date(c.readFrom));
  if (c.readTo < ctx.to) return say('logs.readBetween', { since, until: fmt.format(new Date(c.readTo)), pct });
  return say('logs.readSince', { since, pct });
}

function changeText(c: ReturnType<typeof changeOf>, locale: string, say: (k: string) => string): string {
  if (c === null) return '—';
  if (c.pct === null) return c.fresh ? say('logs.changeNew') : '0';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(c.pct / 100);
}
