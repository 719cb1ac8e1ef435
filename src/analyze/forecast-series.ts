/**
 * forecastSeries: the engine's entry point. Fits (series-fit.ts), then forecasts with 80/95% bands,
 * time to threshold (searched up to a year ahead, however short the horizon) and in-sample anomalies.
 */
import { hasAnalyticIntervals } from './ets-intervals.js';
import { etsLabel } from './ets-model.js';
import { memberBands, methodBand, searchBand } from './method-band.js';
import { fitSeries } from './series-fit.js';
import { normalQuantile } from './stats.js';
import { timeToThreshold } from './threshold.js';
import type { ForecastInput, ForecastPoint, ForecastResult } from './types.js';

const Z99 = normalQuantile(0.995);
const YEAR_MS = 365 * 86_400_000;
/** Most steps a threshold search covers: a year of two-minute samples; finer data searches less than a year. */
export const MAX_THRESHOLD_STEPS = 262_144;

/** Steps time to threshold examines: the limit in steps when the spacing is known, never fewer than the horizon. */
function thresholdSteps(input: ForecastInput, stepMs: number | null): number {
  if (stepMs === null) return input.horizon;
  const limit = Math.floor((input.thresholdLimitMs ?? YEAR_MS) / stepMs);
  return Math.max(input.horizon, Math.min(limit, MAX_THRESHOLD_STEPS));
}

function countObserved(y: Float64Array, from: number): number {
  let c = 0;
  for (let i = from; i < y.length; i++) if (y[i] === y[i]) c++;
  return c;
}

export function forecastSeries(input: ForecastInput): ForecastResult {
  const sf = fitSeries(input);
  const { method, model, from } = sf;
  const n = sf.y.length;
  const lastTs = input.timestamps && n > 0 ? (input.timestamps[n - 1] as number) : null;
  const timestampOf = (steps: number): number | null => (lastTs !== null && sf.stepMs !== null ? lastTs + steps * sf.stepMs : null);
  const bands = memberBands(method.members, input.horizon, input.paths, input.seed);
  const band = methodBand(method.members, bands);

  const forecast: ForecastPoint[] = [];
  for (let h = 0; h < input.horizon; h++) {
    forecast.push({
      step: h + 1,
      timestamp: timestampOf(h + 1),
      mean: band.mean[h] as number,
      lo80: band.lo80[h] as number,
      hi80: band.hi80[h] as number,
      lo95: band.lo95[h] as number,
      hi95: band.hi95[h] as number,
    });
  }
  // Residuals are relative for multiplicative errors, and so is sigma: the band is in the same units.
  const limit = Z99 * Math.sqrt(model.sigma2);
  const anomalies: number[] = [];
  for (let i = 0; i < model.residuals.length; i++) if (Math.abs(model.residuals[i] as number) > limit) anomalies.push(from + i);
  const { alpha, beta, gamma, phi } = model.smoothing;
  const result: ForecastResult = {
    model: method.label,
    ets: etsLabel(model.spec),
    spec: model.spec,
    params: {
      alpha,
      beta: model.spec.trend === 'N' ? null : beta,
      gamma: model.spec.season === 'N' ? null : gamma,
      phi: model.spec.trend === 'Ad' ? phi : null,
    },
    aicc: model.aicc,
    season: sf.seasonChoice.season,
    seasons: sf.seasonChoice.seasons,
    seasonDropped: sf.seasonChoice.dropped,
    sigma2: model.sigma2,
    intervals: method.members.every((m) => hasAnalyticIntervals(m.spec)) ? 'analytic' : 'simulated',
    fitted: { from, to: n, observations: countObserved(sf.y, from) },
    selection: { strategy: method.strategy, candidates: method.candidates, ...(method.validation ? { validation: method.validation } : {}) },
    forecast,
    anomalies,
    levelShift: sf.levelShift,
    warmStart: method.warmStart,
  };
  if (input.threshold !== undefined) {
    const steps = thresholdSteps(input, sf.stepMs);
    const long = steps > input.horizon ? searchBand(method.members, bands, steps) : band;
    result.threshold = timeToThreshold({
      band: long,
      value: input.threshold,
      direction: input.thresholdDirection,
      currentLevel: band.mean[0] as number,
      timestampOf,
    });
  }
  return result;
}
