/**
 * Forecasts a report made, stored with it, and checked against what happened in the next report:
 * "last period's forecasts against what happened". Plain JSON so reports can persist them as they are.
 */
import type { ForecastResult } from './types.js';

export type StoredForecast = {
  seriesId: string;
  /** Family name and ETS form, for display ("hw-add", "ETS(A,A,A)"). */
  model: string;
  /** When the forecast was made (epoch ms). */
  madeAt: number;
  horizon: number;
  /** Epoch ms of each forecast step. */
  timestamps: number[];
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
};

export type ActualSeries = { seriesId: string; timestamps: ReadonlyArray<number>; values: ReadonlyArray<number | null> };

export type ForecastComparison = {
  seriesId: string;
  /** Forecast steps that have an observed actual value. */
  matched: number;
  /** Mean absolute percentage error in percent, over matched steps with a non-zero actual; null if none. */
  mape: number | null;
  mae: number | null;
  /** Share (0–1) of matched actual values inside the 80% / 95% band; null if none matched. */
  hit80: number | null;
  hit95: number | null;
};

export function toStoredForecast(input: { seriesId: string; result: ForecastResult; madeAt: number }): StoredForecast {
  const { seriesId, result, madeAt } = input;
  const points = result.forecast.filter((p) => p.timestamp !== null);
  if (points.length !== result.forecast.length) throw new RangeError('toStoredForecast needs a forecast made with timestamps');
  return {
    seriesId,
    model: `${result.model} ${result.ets}`,
    madeAt,
    horizon: points.length,
    timestamps: points.map((p) => p.timestamp as number),
    mean: points.map((p) => p.mean),
    lo80: points.map((p) => p.lo80),
    hi80: points.map((p) => p.hi80),
    lo95: points.map((p) => p.lo95),
    hi95: points.map((p) => p.hi95),
  };
}

/** Index of the timestamp nearest to t in a sorted array, if within tolerance. */
function nearest(sorted: ReadonlyArray<number>, t: number, tolerance: number): number | null {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  let best: number | null = null;
  for (const i of [lo - 1, lo]) {
    if (i < 0 || i >= sorted.length) continue;
    const d = Math.abs((sorted[i] as number) - t);
    if (d <= tolerance && (best === null || d < Math.abs((sorted[best] as number) - t))) best = i;
  }
  return best;
}

function compareOne(f: StoredForecast, actual: ActualSeries | undefined, toleranceMs: number | undefined): ForecastComparison {
  const step = f.timestamps.length > 1 ? ((f.timestamps.at(-1) as number) - (f.timestamps[0] as number)) / (f.timestamps.length - 1) : 0;
  const tolerance = toleranceMs ?? step / 2;
  let matched = 0;
  let apeSum = 0;
  let apeCount = 0;
  let aeSum = 0;
  let in80 = 0;
  let in95 = 0;
  for (let h = 0; h < f.timestamps.length && actual; h++) {
    const i = nearest(actual.timestamps, f.timestamps[h] as number, tolerance);
    const a = i === null ? null : actual.values[i];
    if (a === null || a === undefined || !Number.isFinite(a)) continue;
    matched++;
    const err = Math.abs(a - (f.mean[h] as number));
    aeSum += err;
    if (a !== 0) {
      apeSum += err / Math.abs(a);
      apeCount++;
    }
    if (a >= (f.lo80[h] as number) && a <= (f.hi80[h] as number)) in80++;
    if (a >= (f.lo95[h] as number) && a <= (f.hi95[h] as number)) in95++;
  }
  return {
    seriesId: f.seriesId,
    matched,
    mape: apeCount > 0 ? (100 * apeSum) / apeCount : null,
    mae: matched > 0 ? aeSum / matched : null,
    hit80: matched > 0 ? in80 / matched : null,
    hit95: matched > 0 ? in95 / matched : null,
  };
}

/**
 * Scores each stored forecast against the actual series with the same id. Actual timestamps must be
 * sorted; a forecast step matches the nearest actual sample within `toleranceMs` (default: half the
 * forecast's step). Forecasts without actuals come back with matched = 0 and null scores.
 */
export function compareForecasts(
  previous: ReadonlyArray<StoredForecast>,
  actual: ReadonlyArray<ActualSeries>,
  options: { toleranceMs?: number } = {},
): ForecastComparison[] {
  const byId = new Map(actual.map((a) => [a.seriesId, a]));
  return previous.map((f) => compareOne(f, byId.get(f.seriesId), options.toleranceMs));
}
