/**
 * Time-series cross-validation on the tail of the history: each candidate forecasts from a few origins
 * inside the last stretch of the data, using only what came before each origin, and is scored by its
 * mean absolute error over the steps that stretch holds. AICc cannot rank a decomposition against an
 * ETS model or against seasonal naive (different data, no likelihood); forecast errors can.
 * The stretch covers the horizon and at least one full cycle of the longest period, so a weekly shape
 * is judged on a whole week; shorter horizons are scored from origins that tile it, each forecasting
 * the horizon. Origins are cheap (the candidates carry their state forward from one to the next), so
 * they are capped only so that one-step horizons do not make thousands of tiny forecasts.
 */

const MAX_ORIGINS = 48;
/** Cycles of the longest period validated on, where the data allows: one week alone is a noisy judge of a weekly forecast. */
const VALIDATION_CYCLES = 2;

export type ValidationPlan = {
  /** Indices into the series, ascending: each forecast starts there and uses only the data before it. */
  origins: number[];
  /** Steps forecast from each origin (fewer where the series ends first). */
  steps: number;
};

/**
 * Origins for a series of n values with the given horizon and longest period, leaving at least
 * `minTrain` values before the first origin. Null when that leaves less than half a cycle (or half
 * the horizon) to validate on.
 */
export function validationPlan(input: { n: number; horizon: number; longest: number; minTrain: number }): ValidationPlan | null {
  const { n, horizon, longest, minTrain } = input;
  const wanted = Math.max(horizon, VALIDATION_CYCLES * longest);
  const span = Math.min(wanted, n - minTrain);
  if (span < Math.max(1, Math.ceil(Math.min(horizon, longest) / 2))) return null;
  const steps = Math.min(horizon, span);
  const count = Math.max(1, Math.min(MAX_ORIGINS, Math.ceil(span / steps)));
  const stride = Math.floor(span / count);
  const origins = Array.from({ length: count }, (_, j) => n - span + j * stride);
  return { origins, steps };
}

/** Mean absolute error of forecasts made at plan.origins against y (missing actuals skipped). */
export function validationError(y: Float64Array, plan: ValidationPlan, forecasts: Float64Array[]): number {
  let sum = 0;
  let count = 0;
  plan.origins.forEach((o, j) => {
    const f = forecasts[j] as Float64Array;
    for (let k = 0; k < f.length && o + k < y.length; k++) {
      const e = (y[o + k] as number) - (f[k] as number);
      if (e === e) {
        sum += Math.abs(e);
        count++;
      }
    }
  });
  return count > 0 ? sum / count : Number.POSITIVE_INFINITY;
}

/**
 * Whether `challenger` forecasts better than `incumbent` beyond the noise of the comparison: the mean
 * of the paired differences in absolute error exceeds `z` standard errors (a one-sided Diebold-Mariano
 * test, errors taken as independent). On a short validation window a few percent is noise, and the
 * model the likelihood chose keeps its place.
 */
export function significantlyBetter(y: Float64Array, plan: ValidationPlan, challenger: Float64Array[], incumbent: Float64Array[], z: number): boolean {
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  plan.origins.forEach((o, j) => {
    const a = challenger[j] as Float64Array;
    const b = incumbent[j] as Float64Array;
    for (let k = 0; k < a.length && o + k < y.length; k++) {
      const v = y[o + k] as number;
      const d = Math.abs(v - (b[k] as number)) - Math.abs(v - (a[k] as number));
      if (d !== d) continue;
      sum += d;
      sum2 += d * d;
      count++;
    }
  });
  if (count < 2) return false;
  const mean = sum / count;
  const variance = Math.max(0, (sum2 - count * mean * mean) / (count - 1));
  return mean > z * Math.sqrt(variance / count);
}

/** The mean of two candidates' forecasts, origin by origin. */
export function meanForecasts(a: Float64Array[], b: Float64Array[]): Float64Array[] {
  return a.map((fa, j) => fa.map((v, k) => (v + ((b[j] as Float64Array)[k] as number)) / 2));
}
