/** The published reference: R's HoltWinters(co2), derived by scripts/fixtures/derive-forecast-fixtures.R. */
import { describe, expect, it } from 'vitest';
import { classicHoltWinters } from '../../../src/analyze/index.js';
import { loadCo2 } from './r-reference.js';

describe('classicHoltWinters reproduces R HoltWinters(co2)', () => {
  const { values, reference } = loadCo2();
  const fit = classicHoltWinters({ values, period: 12 });

  it('uses the Mauna Loa fixture (1959-1997 monthly)', () => {
    expect(values).toHaveLength(468);
    expect(reference.alpha).toBeCloseTo(0.5126, 3);
  });

  it('matches alpha, beta, gamma within 0.02 and SSE within 2%', () => {
    expect(Math.abs(fit.alpha - reference.alpha)).toBeLessThan(0.02);
    expect(Math.abs(fit.beta - reference.beta)).toBeLessThan(0.02);
    expect(Math.abs(fit.gamma - reference.gamma)).toBeLessThan(0.02);
    expect(Math.abs(fit.sse - reference.sse) / reference.sse).toBeLessThan(0.02);
  });

  it('matches the final coefficients and predictions', () => {
    expect(fit.level).toBeCloseTo(reference.level, 1);
    expect(fit.trend).toBeCloseTo(reference.trend, 2);
    fit.seasonal.forEach((s, i) => expect(s).toBeCloseTo(reference.seasonal[i] as number, 1));
    fit.predict(24).forEach((p, i) => expect(Math.abs(p - (reference.predict24[i] as number))).toBeLessThan(0.05));
  });

  it('supports multiplicative seasonality', () => {
    const mult = classicHoltWinters({ values, period: 12, seasonal: 'multiplicative' });
    expect(mult.sse).toBeGreaterThan(0);
    expect(mult.seasonal.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 1);
  });

  it('refuses a series shorter than its start periods', () => {
    expect(() => classicHoltWinters({ values: values.slice(0, 20), period: 12 })).toThrow(RangeError);
  });
});
