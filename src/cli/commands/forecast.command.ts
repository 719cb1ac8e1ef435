/**
 * `checkup forecast --csv FILE [--season N] [--horizon H] [--model ...] [--threshold X] [--json]`
 * Thin wrapper: parsing, forecasting and formatting live in src/analyze.
 * Bad input is a UsageError: one line `checkup: <reason>` on stderr, exit code 2, like every command.
 */
import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { ForecastDataError, MODEL_CHOICES, defaultHorizon, forecastSeries, forecastToJson, formatForecastTable, parseCsvSeries } from '../../analyze/index.js';
import type { ModelChoice } from '../../analyze/index.js';
import { UsageError } from '../../shared/errors.js';
import { action } from '../context.js';

const MAX_CSV_BYTES = 64 * 1024 * 1024;

type RawOptions = { csv?: string; season?: string; horizon?: string; model?: string; threshold?: string; json?: boolean };

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return v;
}

async function runForecast(opts: RawOptions): Promise<string> {
  if (!opts.csv) throw new UsageError('--csv FILE is required');
  const season = positiveInteger('season', opts.season);
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
  const horizon = horizonOpt ?? defaultHorizon(series, season);
  try {
    const result = forecastSeries({ values: series.values, timestamps: series.timestamps, season, horizon, model, threshold });
    return opts.json ? JSON.stringify(forecastToJson(result)) : formatForecastTable(result, { stepMs: series.stepMs });
  } catch (err) {
    if (err instanceof ForecastDataError) throw new UsageError(err.message);
    throw err;
  }
}

export function forecastCommand(): Command {
  return new Command('forecast')
    .description('Forecast a series from a CSV file (header timestamp,value) with exponential smoothing')
    .option('--csv <file>', 'input CSV: timestamp (ISO-8601 or epoch ms), value (empty = missing)')
    .option('--season <n>', 'seasonal period in samples (default: inferred from the spacing)')
    .option('--horizon <h>', 'steps to forecast (default: one season, at least 24)')
    .option('--model <model>', `${MODEL_CHOICES.join('|')}`, 'auto')
    .option('--threshold <x>', 'report when the forecast crosses this value')
    .option('--json', 'print one JSON object')
    .action(
      action(async (opts: RawOptions) => {
        process.stdout.write(`${await runForecast(opts)}\n`);
      }),
    );
}
