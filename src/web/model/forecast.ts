import { fitLine } from '../../analyze/linear-fit.js';

/** Forecast mean and its 80% interval at future times; `thresholdText` when a threshold was asked. */
export type ForecastBand = { points: Array<[t: number, mean: number, lo80: number, hi80: number]>; model?: string; thresholdText?: string };

/**
 * The console's view of the forecasting engine: history in (buckets of `stepMs`, gaps as null),
 * `horizon` buckets out. Injectable, so tests and other engines can stand in the same place.
 */
export type Forecaster = (q: {
  points: Array<[number, number | null]>;
  stepMs: number;
  horizon: number;
  threshold?: number;
}) => ForecastBand | null | Promise<ForecastBand | null>;

export type TimeToFull = { ms: number | null; method: 'forecast' | 'linear trend' | null; note: string };

const MIN_POINTS = 6;

/**
 * When a percentage series reaches 100. With a forecast, the engine's own phrasing (with its 80%
 * range); without one, a least-squares line over the shown range, which says it is a trend and
 * nothing more. Not growing means no date at all.
 */
export function timeToFull(opts: { points: Array<[number, number | null]>; band: ForecastBand | null; now: number; limit?: number }): TimeToFull {
  const limit = opts.limit ?? 100;
  const seen = opts.points.filter((p): p is [number, number] => p[1] !== null);
  const last = seen[seen.length - 1];
  if (!last) return { ms: null, method: null, note: 'no data' };
  if (last[1] >= limit) return { ms: 0, method: null, note: 'full' };
  if (opts.band && opts.band.points.length > 0) {
    const hit = opts.band.points.find(([, mean]) => mean >= limit);
    const note = opts.band.thresholdText ?? '';
    if (hit) return { ms: Math.max(0, hit[0] - opts.now), method: 'forecast', note };
    return { ms: null, method: 'forecast', note: note || 'not within the forecast horizon' };
  }
  const first = seen[0]!;
  if (seen.length < MIN_POINTS || last[0] - first[0] < 10 * 60_000) return { ms: null, method: null, note: 'too little history' };
  const { slope } = fitLine(
    seen.map((p) => p[0] - first[0]),
    seen.map((p) => p[1]),
  );
  if (!(slope > 0)) return { ms: null, method: 'linear trend', note: 'not growing' };
  return { ms: (limit - last[1]) / slope, method: 'linear trend', note: '' };
}

/** Asks the forecaster, if any; a series it cannot model just gets no band, never a broken page. */
export async function bandFor(
  forecast: Forecaster | undefined,
  q: { points: Array<[number, number | null]>; stepMs: number; horizon: number; threshold?: number },
): Promise<ForecastBand | null> {
  if (!forecast || q.points.filter((p) => p[1] !== null).length < MIN_POINTS) return null;
  try {
    return await forecast(q);
  } catch {
    return null;
  }
}
