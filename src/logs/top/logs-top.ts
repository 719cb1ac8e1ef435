import type { LogReader, LogSeverity, LogSourceStatus } from '../store/log-repo.js';

export type TopPeriod = 'day' | 'week';

/** Templates listed by `logs top`; the store holds more, the report and the console show the rest. */
export const TOP_TEMPLATES = 20;
export const TOP_NEW_TEMPLATES = 50;

const MINUTE = 60_000;
const PERIOD_MS: Record<TopPeriod, number> = { day: 86_400_000, week: 7 * 86_400_000 };

export type TopTemplate = {
  id: string;
  template: string;
  count: number;
  severity: LogSeverity;
  /** The count in the period of the same length just before. */
  previous: number;
  /** (count - previous) / previous, rounded to 3 decimals; null when previous is 0 (nothing to compare with). */
  change: number | null;
};

export type NewTemplate = { id: string; template: string; count: number; severity: LogSeverity; firstSeen: number | null };

export type LogsTop = {
  host: string;
  period: { from: number; to: number };
  templates: TopTemplate[];
  newTemplates: NewTemplate[];
  sources: LogSourceStatus[];
};

/**
 * The trailing day or week up to the end of the current minute (so the last lines count), its most
 * counted templates against the period before, the templates this host logged for the first time in
 * it, and the sources the counts come from.
 */
export async function logsTop(opts: { reader: LogReader; host: string; period: TopPeriod; now: number }): Promise<LogsTop> {
  const to = Math.floor(opts.now / MINUTE) * MINUTE + MINUTE;
  const len = PERIOD_MS[opts.period];
  const from = to - len;
  const range = { host: opts.host, from, to };
  const [top, fresh, sources] = await Promise.all([
    opts.reader.templates({ ...range, limit: TOP_TEMPLATES }),
    opts.reader.newTemplates(range),
    opts.reader.sources(opts.host),
  ]);
  const before =
    top.length === 0 ? [] : await opts.reader.templates({ host: opts.host, from: from - len, to: from, filter: { templateIds: top.map((t) => t.id) } });
  const previous = new Map(before.map((t) => [t.id, t.count]));
  return {
    host: opts.host,
    period: { from, to },
    templates: top.map((t) => {
      const p = previous.get(t.id) ?? 0;
      return {
        id: t.id,
        template: t.template,
        count: t.count,
        severity: t.severity,
        previous: p,
        change: p === 0 ? null : Math.round(((t.count - p) / p) * 1000) / 1000,
      };
    }),
    newTemplates: fresh
      .slice(0, TOP_NEW_TEMPLATES)
      .map((t) => ({ id: t.id, template: t.template, count: t.count, severity: t.severity, firstSeen: t.firstSeen })),
    sources,
  };
}
