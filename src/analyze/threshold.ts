/**
 * Time to threshold from a forecast band. The point estimate is the first step where the mean crosses;
 * the interval comes from the 80% band: for an upward crossing the earliest plausible time is when the
 * upper bound crosses and the latest when the lower bound does (mirrored for a downward crossing).
 * Anything that does not cross within the horizon is null: "not within horizon" is explicit.
 */
import type { Band } from './ets-intervals.js';

export type ThresholdDirection = 'up' | 'down';

/** A crossing, in steps ahead (1 = the first forecast step) and as a timestamp when the series has them. */
export type ThresholdCrossing = { steps: number; timestamp: number | null };

export type ThresholdForecast = {
  value: number;
  direction: ThresholdDirection;
  /** Forecast steps examined: a null crossing means "not within this many steps". */
  horizon: number;
  eta: ThresholdCrossing | null;
  earliest: ThresholdCrossing | null;
  latest: ThresholdCrossing | null;
};

function firstCrossing(series: Float64Array, value: number, direction: ThresholdDirection): number | null {
  for (let h = 0; h < series.length; h++) {
    const v = series[h] as number;
    if (direction === 'up' ? v >= value : v <= value) return h + 1;
  }
  return null;
}

export function timeToThreshold(input: {
  band: Pick<Band, 'mean' | 'lo80' | 'hi80'>;
  value: number;
  /** Default: up when the threshold is above the current level, down otherwise. */
  direction?: ThresholdDirection;
  currentLevel: number;
  timestampOf: (steps: number) => number | null;
}): ThresholdForecast {
  const { band, value, timestampOf } = input;
  const direction = input.direction ?? (value >= input.currentLevel ? 'up' : 'down');
  const at = (steps: number | null): ThresholdCrossing | null => (steps === null ? null : { steps, timestamp: timestampOf(steps) });
  const up = direction === 'up';
  return {
    value,
    direction,
    horizon: band.mean.length,
    eta: at(firstCrossing(band.mean, value, direction)),
    earliest: at(firstCrossing(up ? band.hi80 : band.lo80, value, direction)),
    latest: at(firstCrossing(up ? band.lo80 : band.hi80, value, direction)),
  };
}
