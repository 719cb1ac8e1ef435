/**
 * `checkup forecast --csv FILE [--season N|auto] [--seasons N,M] [--horizon H] [--model ...] [--threshold X] [--threshold-limit D] [--json]`
 * Thin wrapper: parsing, forecasting and formatting live in src/analyze.
 * Bad input is a UsageError: one line `checkup: <reason>` on stderr, exit code 2, like every command.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { ForecastDataError, MODEL_CHOICES, defaultHorizon, forecastSeries, forecastToJson, formatForecastTable, parseCsvSeries } from '../../analyze/index.js';
import type { ModelChoice } from '../../analyze/index.js';
import { parseDuration } from '../../shared/duration.js';
import { UsageError } from '../../shared/errors.js';
import { action } from '../context.js';

const MAX_CSV_BYTES = 64 * 1024 * 1024;

type RawOptions = {
  csv?: string;
  season?: string;
  seasons?: string;
  horizon?: string;
  model?: string;
  threshold?: string;
  thresholdLimit?: string;
  json?: boolean;
};

const DAY_MS = 86_400_000;
/** How far a threshold search may be asked to look: from an hour to ten years. */
const THRESHOLD_LIMIT_RANGE = { min: 3_600_000, max: 3650 * DAY_MS } as const;

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return v;
}

/** `--season`: auto (or absent) detects, N forces one period. */
function seasonOption(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === 'auto') return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--season must be a positive integer, got "${raw}" (or auto to detect)`);
  return v;
}

/** `--seasons 48,336`: several periods, each an integer of at least 2. */
function seasonsOption(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isInteger(v) || v < 2))
    throw new UsageError(`--seasons must be a comma-separated list of integers of at least 2, got "${raw}"`);
  return values;
}

/** `--threshold-limit 90d`: a duration (ms, s, m, h, d, w, or y for 365 days). */
function thresholdLimitOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const years = /^\s*(\d+(?:\.\d+)?)\s*y\s*$/.exec(raw);
  const ms = years ? Math.round(Number(years[1]) * 365 * DAY_MS) : parseDuration(raw);
  if (ms === null || ms < THRESHOLD_LIMIT_RANGE.min || ms > THRESHOLD_LIMIT_RANGE.max) {
    throw new UsageError(`--threshold-limit must be a duration from 1h to 10y (e.g. 90d, 1y), got "${raw}"`);
  }
  return ms;
}

async function runForecast(opts: RawOptions): Promise<string> {
  if (!opts.csv) throw new UsageError('--csv FILE is required');
  const season = seasonOption(opts.season);
  const seasons = seasonsOption(opts.seasons);
  if (season !== undefined && seasons !== undefined) throw new UsageError('give --season or --seasons, not both');
  const thresholdLimitMs = thresholdLimitOption(opts.thresholdLimit);
  const horizonOpt = positiveInteger('horizon', opts.horizon);
  const model = (opts.model ?? 'auto') as ModelChoice;
  if (!MODEL_CHOICES.includes(model)) throw new UsageError(`--model must be one of ${MODEL_CHOICES.join('|')}, got "${opts.model}"`);
  const threshold = opts.threshold === undefined ? undefined : Number(opts.threshold);
  if (threshold !== undefined && !Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number, got "${opts.threshold}"`);
  let text: string;
  try {
    // A series to forecast is thousands of rows; a file this large is a mistake and would fill memory.
    const { size } = await stat(opts.csv);
    if (size > MAX_CSV_BYTES) throw new UsageError(`${opts.csv} is ${size} bytes, more than the ${MAX_CSV_BYTES} a forecast reads`);
    text = await readFile(opts.csv, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${opts.csv}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const series = parseCsvSeries(text);
  const horizon = horizonOpt ?? defaultHorizon(series, season, seasons);
  try {
    const result = forecastSeries({
      values: series.values,
      timestamps: series.timestamps,
      ...(season !== undefined ? { season } : {}),
      ...(seasons !== undefined ? { seasons } : {}),
      horizon,
      model,
      threshold,
      ...(thresholdLimitMs !== undefined ? { thresholdLimitMs } : {}),
    });
    return opts.json ? JSON.stringify(forecastToJson(result)) : formatForecastTable(result, { stepMs: series.stepMs });
  } catch (err) {
    if (err instanceof ForecastDataError) throw new UsageError(err.message);
    throw err;
  }
}

export function forecastCommand(): Command {
  return new Command('forecast')
    .description('Forecast a series from a CSV file (header timestamp,value): exponential smoothing, MSTL for several seasons, seasonal naive')
    .option('--csv <file>', 'input CSV: timestamp (ISO-8601 or epoch ms), value (empty = missing)')
    .option('--season <n|auto>', 'one seasonal period in samples, or auto: detect day/week/hour cycles from the spacing and the data', 'auto')
    .option('--seasons <list>', 'several seasonal periods in samples, e.g. 48,336 (days and weeks of half-hours)')
    .option('--horizon <h>', 'steps to forecast (default: the longest season, at least 24)')
    .option('--model <model>', `${MODEL_CHOICES.join('|')} (a named ETS model fits one season, the shortest)`, 'auto')
    .option('--threshold <x>', 'report when the forecast crosses this value')
    .option('--threshold-limit <duration>', 'how far ahead to look for the crossing, whatever the horizon (e.g. 90d, 1y)', '1y')
    .option('--json', 'print one JSON object')
    .action(
      action(async (opts: RawOptions) => {
        process.stdout.write(`${await runForecast(opts)}\n`);
      }),
    );
}
