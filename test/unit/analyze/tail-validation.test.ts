/** The tail cross-validation's plan, score and switching test (src/analyze/tail-validation.ts). */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/analyze/prng.js';
import { significantlyBetter, validationError, validationPlan } from '../../../src/analyze/tail-validation.js';

describe('tail validation', () => {
  it('covers two cycles of the longest period, tiled by forecasts of the horizon', () => {
    expect(validationPlan({ n: 3696, horizon: 336, longest: 336, minTrain: 1848 })).toEqual({ origins: [3024, 3360], steps: 336 });
    expect(validationPlan({ n: 3696, horizon: 48, longest: 336, minTrain: 1848 })).toEqual({
      origins: Array.from({ length: 14 }, (_, j) => 3024 + 48 * j),
      steps: 48,
    });
    // Short series: what is left after the training minimum.
    expect(validationPlan({ n: 120, horizon: 24, longest: 12, minTrain: 60 })).toEqual({ origins: [96], steps: 24 });
    expect(validationPlan({ n: 700, horizon: 336, longest: 336, minTrain: 672 })).toBeNull();
    // One-step horizons: at most 48 origins.
    expect(validationPlan({ n: 2016, horizon: 1, longest: 288, minTrain: 1008 })?.origins).toHaveLength(48);
  });

  it('scores mean absolute error, skipping missing actuals', () => {
    const y = Float64Array.from([1, 2, 3, 4, Number.NaN, 6]);
    const plan = { origins: [2, 4], steps: 2 };
    expect(validationError(y, plan, [Float64Array.from([3, 5]), Float64Array.from([0, 5])])).toBe(2 / 3);
  });

  it('lets a challenger replace the incumbent only beyond the noise', () => {
    const rng = createRng(3);
    const n = 400;
    const y = Float64Array.from({ length: n }, () => rng.normal());
    const plan = { origins: [200], steps: 200 };
    const truth = [Float64Array.from({ length: 200 }, () => 0)];
    const slightlyOff = [Float64Array.from({ length: 200 }, () => 0.05)];
    const farOff = [Float64Array.from({ length: 200 }, () => 1.5)];
    expect(significantlyBetter(y, plan, truth, farOff, 1.28)).toBe(true);
    expect(significantlyBetter(y, plan, truth, slightlyOff, 1.28)).toBe(false);
    expect(significantlyBetter(y, plan, farOff, truth, 1.28)).toBe(false);
  });
});
