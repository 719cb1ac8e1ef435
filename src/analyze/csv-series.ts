/**
 * Reads the CLI's CSV input: header `timestamp,value`, timestamps ISO-8601 or epoch milliseconds,
 * strictly increasing and evenly spaced; an empty value is a missing sample. A row absent from a
 * regular grid (a gap of k steps) is read as k - 1 missing samples. Problems are reported with their
 * line numbers as UsageError, which the CLI turns into exit code 2.
 */
import { UsageError } from '../shared/errors.js';
import { chooseSeason } from './season.js';
import { detectSeasons } from './season-detect.js';
import { toFloat64 } from './stats.js';

export type CsvSeries = { timestamps: number[]; values: (number | null)[]; stepMs: number };

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Relative tolerance on the spacing: collectors jitter by a few milliseconds, never by 1%. */
const SPACING_TOLERANCE = 0.01;

function parseTimestamp(raw: string): number | null {
  // Epoch ms within Date's range (±8.64e15): a run of digits past it is not a time, and Infinity
  // would pass every comparison below.
  if (/^\d+$/.test(raw)) {
    const t = Number(raw);
    return Number.isSafeInteger(t) && t <= 8.64e15 ? t : null;
  }
  if (!ISO.test(raw)) return null;
  // Zone-less date-times are read as UTC so that a file means the same on every machine.
  const iso = raw.replace(' ', 'T');
  const t = Date.parse(iso.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso);
  return Number.isFinite(t) ? t : null;
}

function parseValue(raw: string): number | null | undefined {
  if (raw === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : undefined;
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  return lines.length > 10 ? `${shown} and ${lines.length - 10} more` : shown;
}

type Row = { line: number; t: number; v: number | null };

function readRows(text: string): Row[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .replace(/"/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s*,\s*/g, ',');
  if (header !== 'timestamp,value') throw new UsageError(`line 1: expected the header "timestamp,value", got "${lines[0] ?? ''}"`);
  const rows: Row[] = [];
  const bad: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    const t = fields.length === 2 ? parseTimestamp(fields[0] as string) : null;
    const v = fields.length === 2 ? parseValue(fields[1] as string) : undefined;
    if (t === null || v === undefined) bad.push(i + 1);
    else rows.push({ line: i + 1, t, v });
  }
  if (bad.length > 0) throw new UsageError(`unparsable rows at line${bad.length > 1 ? 's' : ''} ${listLines(bad)} (expected "timestamp,value")`);
  if (rows.length === 0) throw new UsageError('no data rows');
  return rows;
}

export function parseCsvSeries(text: string): CsvSeries {
  const rows = readRows(text);
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1] as Row;
    const row = rows[i] as Row;
    if (row.t <= prev.t) {
      throw new UsageError(
        `timestamps must increase: line ${row.line} is not after line ${prev.line} (${new Date(row.t).toISOString()} <= ${new Date(prev.t).toISOString()})`,
      );
    }
  }
  const diffs = rows
    .slice(1)
    .map((r, i) => r.t - (rows[i] as Row).t)
    .sort((a, b) => a - b);
  const stepMs = diffs.length > 0 ? (diffs[Math.floor((diffs.length - 1) / 2)] as number) : 0;
  const timestamps: number[] = [];
  const values: (number | null)[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    if (i > 0) {
      const gap = (row.t - (rows[i - 1] as Row).t) / stepMs;
      const k = Math.round(gap);
      if (k < 1 || Math.abs(gap - k) > SPACING_TOLERANCE) {
        throw new UsageError(
          `timestamps must be evenly spaced (every ${stepMs} ms): line ${row.line} is ${row.t - (rows[i - 1] as Row).t} ms after the previous row`,
        );
      }
      if (k - 1 > Math.max(1000, rows.length)) {
        throw new UsageError(`line ${row.line}: a gap of ${k - 1} missing samples is too long to forecast across`);
      }
      for (let j = 1; j < k; j++) {
        timestamps.push((rows[i - 1] as Row).t + j * stepMs);
        values.push(null);
      }
    }
    timestamps.push(row.t);
    values.push(row.v);
  }
  return { timestamps, values, stepMs };
}

/**
 * The CLI's horizon when none is given: one cycle of the longest period forecastSeries will use (named,
 * or detected from the spacing and the data), at least 24 steps so the forecast shows a shape.
 */
export function defaultHorizon(series: CsvSeries, season?: number, seasons?: number[]): number {
  const observations = series.values.filter((v) => v !== null).length;
  if (seasons && seasons.length > 0) return Math.max(...seasons.filter((m) => observations >= 2 * m), 24);
  if (season !== undefined) return Math.max(chooseSeason({ season, stepMs: series.stepMs, observations }).season, 24);
  return Math.max(detectSeasons(toFloat64(series.values), series.stepMs > 0 ? series.stepMs : null).at(-1) ?? 1, 24);
}
