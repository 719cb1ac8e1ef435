/**
 * Seasonal period: the one the caller gives, or one inferred from the sample spacing. Monitoring data
 * is dominated by the daily cycle, so sub-hourly data gets a daily period (5-min → 288); hourly to
 * daily data gets a weekly period when there are enough weeks to estimate it, else daily. A period the
 * data cannot support (fewer than two full seasons plus room for the parameters) is dropped.
 */
import { median } from './stats.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/** Observations a seasonal model with period m needs: two full seasons, and more than forecast::ets's npars + 4. */
export function minPointsForSeason(m: number): number {
  return Math.max(2 * m, m + 9);
}

/** Median spacing of timestamps in ms, or null when there are fewer than two. */
export function sampleSpacing(timestamps: ArrayLike<number>): number | null {
  if (timestamps.length < 2) return null;
  const diffs = new Float64Array(timestamps.length - 1);
  for (let i = 1; i < timestamps.length; i++) diffs[i - 1] = (timestamps[i] as number) - (timestamps[i - 1] as number);
  const step = median(diffs);
  return step > 0 ? step : null;
}

/** Whole number of steps in a cycle, if the cycle is (close to) a multiple of the step. */
export function stepsIn(cycle: number, step: number): number | null {
  const k = Math.round(cycle / step);
  return k >= 2 && Math.abs(k * step - cycle) <= 0.01 * cycle ? k : null;
}

/** The period the data is first expected to have: the day for sub-daily data, else the week (1 when neither fits the spacing). */
export function primaryPeriod(stepMs: number): number {
  const daily = stepsIn(DAY, stepMs);
  if (stepMs < DAY && daily !== null) return daily;
  return stepsIn(WEEK, stepMs) ?? 1;
}

export function inferSeason(input: { stepMs: number | null; observations: number }): number {
  const { stepMs, observations } = input;
  if (stepMs === null) return 1;
  const daily = stepsIn(DAY, stepMs);
  const weekly = stepsIn(WEEK, stepMs);
  if (stepMs < HOUR) return daily ?? 1;
  if (weekly !== null && observations >= minPointsForSeason(weekly) + weekly) return weekly;
  if (stepMs < DAY && daily !== null) return daily;
  return weekly ?? 1;
}

export type SeasonChoice = { season: number; requested: number | null; dropped: boolean };

/** The period to use: given or inferred, then dropped to 1 when the fitted stretch is too short for it. */
export function chooseSeason(input: { season?: number; stepMs: number | null; observations: number }): SeasonChoice {
  const requested = input.season !== undefined && input.season > 1 ? Math.round(input.season) : null;
  const candidate = requested ?? inferSeason(input);
  if (candidate <= 1) return { season: 1, requested, dropped: false };
  if (input.observations < minPointsForSeason(candidate)) return { season: 1, requested, dropped: true };
  return { season: candidate, requested, dropped: false };
}
