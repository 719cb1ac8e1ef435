/**
 * forecastSeries: the engine's entry point. Fits (series-fit.ts), then forecasts with 80/95% bands,
 * time to threshold and in-sample anomalies.
 */
import { forecastBand, hasAnalyticIntervals } from './ets-intervals.js';
import { etsLabel, modelNameOf } from './ets-model.js';
import { fitSeries } from './series-fit.js';
import { normalQuantile } from './stats.js';
import { timeToThreshold } from './threshold.js';
import type { ForecastInput, ForecastPoint, ForecastResult } from './types.js';

const Z99 = normalQuantile(0.995);

export function forecastSeries(input: ForecastInput): ForecastResult {
  const sf = fitSeries(input);
  const { fit, run, sigma2, from } = sf;
  const n = sf.y.length;
  const lastTs = input.timestamps && n > 0 ? (input.timestamps[n - 1] as number) : null;
  const timestampOf = (steps: number): number | null => (lastTs !== null && sf.stepMs !== null ? lastTs + steps * sf.stepMs : null);
  const band = forecastBand({ spec: fit.spec, p: fit.smoothing, state: run.final, horizon: input.horizon, sigma2, paths: input.paths, seed: input.seed });

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
  const limit = Z99 * Math.sqrt(sigma2);
  const anomalies: number[] = [];
  for (let i = 0; i < run.residuals.length; i++) if (Math.abs(run.residuals[i] as number) > limit) anomalies.push(from + i);
  const { alpha, beta, gamma, phi } = fit.smoothing;
  const result: ForecastResult = {
    model: modelNameOf(fit.spec),
    ets: etsLabel(fit.spec),
    spec: fit.spec,
    params: {
      alpha,
      beta: fit.spec.trend === 'N' ? null : beta,
      gamma: fit.spec.season === 'N' ? null : gamma,
      phi: fit.spec.trend === 'Ad' ? phi : null,
    },
    aicc: fit.aicc,
    season: sf.seasonChoice.season,
    seasonDropped: sf.seasonChoice.dropped,
    sigma2,
    intervals: hasAnalyticIntervals(fit.spec) ? 'analytic' : 'simulated',
    fitted: { from, to: n, observations: run.nobs },
    selection: { strategy: sf.selection.strategy, candidates: sf.selection.candidates },
    forecast,
    anomalies,
    levelShift: sf.levelShift,
    // Reused parameters keep the variance they were fitted with as the yardstick: measured against
    // each report's own variance instead, a fit could degrade a little at a time and never be refined.
    warmStart: { spec: fit.spec, season: sf.seasonChoice.season, smoothing: { ...fit.smoothing }, sigma2: sf.selection.strategy === 'reused' ? (input.warmStart?.sigma2 ?? sigma2) : sigma2 },
  };
  if (input.threshold !== undefined) {
    result.threshold = timeToThreshold({ band, value: input.threshold, direction: input.thresholdDirection, currentLevel: band.mean[0] as number, timestampOf });
  }
  return result;
}
