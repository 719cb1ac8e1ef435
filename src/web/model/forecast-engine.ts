import { describeMethod, describeTimeToThreshold, forecastSeries } from '../../analyze/index.js';
import type { Forecaster } from './forecast.js';

/**
 * Checkup's exponential-smoothing engine behind the console's Forecaster shape. Buckets are evenly
 * spaced by construction (store.range), and trailing empty buckets are dropped so the forecast
 * starts after the last real sample rather than after a gap.
 */
export const engineForecaster: Forecaster = ({ points, stepMs, horizon, threshold }) => {
  let end = points.length;
  while (end > 0 && points[end - 1]?.[1] === null) end--;
  const kept = points.slice(0, end);
  const result = forecastSeries({
    values: kept.map(([, v]) => v),
    timestamps: kept.map(([t]) => t),
    horizon,
    ...(threshold !== undefined ? { threshold, thresholdDirection: 'up' as const } : {}),
    // Fixed seed: reloading a page must not redraw a different band from the same data.
    seed: 1,
    paths: 200,
  });
  const last = kept[kept.length - 1]?.[0] ?? 0;
  return {
    model: describeMethod(result),
    points: result.forecast.map((f) => [f.timestamp ?? last + f.step * stepMs, f.mean, f.lo80, f.hi80]),
    ...(result.threshold ? { thresholdText: describeTimeToThreshold({ threshold: result.threshold, stepMs, label: 'full' }) } : {}),
  };
};
