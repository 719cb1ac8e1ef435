import { compareForecasts, type ActualSeries, type StoredForecast } from '../../analyze/index.js';
import type { Archive } from '../../archive/archive.js';
import type { ManifestEntry } from '../../archive/manifest-entry.js';
import { decodeReportRecord, type TReportRecord } from '../../archive/report-record.js';
import type { SeriesStore } from '../../store/types.js';
import { pickSeries } from './series-stats.js';

export type TrackRecord = {
  previousReport: string;
  madeAt: number;
  rows: Array<{ series: string; model: string; matched: number; mape: number | null; hit80: number | null; hit95: number | null }>;
  /** Over all rows: mean MAPE and the share of actual values inside each band. */
  overall: { series: number; mape: number | null; hit80: number | null; hit95: number | null };
};

/** What comparing needs of the previous record (decoded with its archive schema). */
type PreviousRecord = { forecasts?: StoredForecast[]; model?: { summary?: Pick<TReportRecord['model']['summary'], 'score' | 'issues'> } };
/** `record` is null when the entry's JSON can no longer be read (pruned by retention). */
export type PreviousReport = { entry: ManifestEntry; record: PreviousRecord | null };

const sameHosts = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((h, i) => h === [...b].sort()[i]);

/**
 * The report this one is compared with: the last archived report of the same name and exactly the
 * same hosts, covering an earlier period. A report on sim-001 alone is no previous report of the
 * fleet's, even under the same name: its score and findings are about other hosts.
 */
export async function loadPrevious(opts: {
  archive: Archive;
  name: string;
  reportId: string;
  hosts: readonly string[];
  from: number;
}): Promise<PreviousReport | null> {
  const entry = (await opts.archive.list())
    .filter((e) => e.kind === 'report' && e.name === opts.name && e.reportId !== opts.reportId && sameHosts(e.hosts ?? [], opts.hosts))
    .filter((e) => e.period !== undefined && Date.parse(e.period.from) < opts.from)
    .pop();
  if (!entry) return null;
  const json = await opts.archive.readFile(entry, 'json').catch(() => null);
  if (!json) return { entry, record: null };
  try {
    return { entry, record: decodeReportRecord(json, entry.id) };
  } catch {
    return { entry, record: null };
  }
}

export type Changes = {
  previousReport: string;
  /** The previous report's archive entry, and its period as this report's reader sees it. */
  previousEntry: string;
  basis: string;
  /** null when the previous report's record cannot be read: nothing is compared. */
  score: string | null;
  lines: string[];
};

/**
 * What changed against the previous period: the score, and findings that appeared or went away,
 * matched by their language-independent key.
 */
export function buildChanges(opts: {
  previous: PreviousReport;
  summary: { score: number | null; issues: Array<{ key: string; text: string }> };
  /** The previous report's period, formatted like this report's. */
  previousPeriod: string;
  strings: Record<string, string>;
}): Changes {
  const say = (k: string, a: Record<string, unknown>) => (opts.strings[k] ?? k).replace(/\{(\w+)\}/g, (m, key: string) => (key in a ? String(a[key]) : m));
  const previousReport = opts.previous.entry.reportId ?? opts.previous.entry.id;
  const base = { previousReport, previousEntry: opts.previous.entry.id };
  const before = opts.previous.record?.model?.summary;
  if (!before) return { ...base, basis: say('changes.unreadable', { id: previousReport, entry: opts.previous.entry.id }), score: null, lines: [] };
  const scoreText = (v: number | null | undefined) => (typeof v === 'number' ? String(v) : (opts.strings['summary.notScored'] ?? 'not scored'));
  const was = new Map(before.issues.map((i) => [i.key ?? i.text, i.text]));
  const now = new Map(opts.summary.issues.map((i) => [i.key, i.text]));
  return {
    ...base,
    basis: say('changes.basis', { id: previousReport, period: opts.previousPeriod }),
    score: say('changes.score', { from: scoreText(before.score), to: scoreText(opts.summary.score) }),
    lines: [
      ...[...now].filter(([k]) => !was.has(k)).map(([, text]) => say('changes.newIssue', { text })),
      ...[...was].filter(([k]) => !now.has(k)).map(([, text]) => say('changes.goneIssue', { text })),
    ],
  };
}

/** Reading actuals costs a range query per series; a track record of 60 series tells the story. */
const MAX_SERIES = 60;

function parseSeriesId(id: string): { host: string; metric: string; labels: Record<string, string> } | null {
  const [host, metric, ...rest] = id.split('|');
  if (!host || !metric) return null;
  return { host, metric, labels: Object.fromEntries(rest.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) };
}

/**
 * Last period's forecasts against what happened: the previous report of the same name stored its
 * forecasts; this one reads the actual values for the same timestamps and scores them.
 */
export async function buildTrackRecord(opts: { previous: PreviousReport; store: SeriesStore; to: number }): Promise<TrackRecord | null> {
  const previous = opts.previous.entry;
  const forecasts = (opts.previous.record?.forecasts ?? []).slice(0, MAX_SERIES);
  if (forecasts.length === 0) return null;
  const actual: ActualSeries[] = [];
  for (const f of forecasts) {
    const id = parseSeriesId(f.seriesId);
    const first = f.timestamps[0];
    const last = f.timestamps[f.timestamps.length - 1];
    if (!id || first === undefined || last === undefined || first > opts.to) continue;
    const step = f.timestamps.length > 1 ? f.timestamps[1]! - first : 60_000;
    const s = pickSeries(await opts.store.range({ ...id, from: first - step / 2, to: Math.min(last, opts.to) + step / 2, step }), id.labels);
    if (s) actual.push({ seriesId: f.seriesId, timestamps: s.points.map((p) => p.t + step / 2), values: s.points.map((p) => p.v) });
  }
  const scored = compareForecasts(forecasts, actual).filter((c) => c.matched > 0);
  const model = new Map(forecasts.map((f) => [f.seriesId, f.model]));
  const mean = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return {
    previousReport: previous.reportId ?? previous.id,
    madeAt: forecasts[0]?.madeAt ?? Date.parse(previous.createdAt),
    rows: scored.map((c) => ({
      series: c.seriesId.replace(/\|/g, ' '),
      model: model.get(c.seriesId) ?? '',
      matched: c.matched,
      mape: c.mape,
      hit80: c.hit80 === null ? null : c.hit80 * 100,
      hit95: c.hit95 === null ? null : c.hit95 * 100,
    })),
    overall: {
      series: scored.length,
      mape: mean(scored.map((c) => c.mape)),
      hit80: mean(scored.map((c) => (c.hit80 === null ? null : c.hit80 * 100))),
      hit95: mean(scored.map((c) => (c.hit95 === null ? null : c.hit95 * 100))),
    },
  };
}
