/**
 * Phrases a time-to-threshold for people: "full in 12 days (80%: 9–16)". Durations use one unit, the
 * largest that keeps the point estimate at two or more, so the interval reads in the same unit.
 */
import { amountIn, distinctRange } from './distinct-range.js';
import type { ThresholdForecast } from './threshold.js';

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['days', 86_400_000],
  ['hours', 3_600_000],
  ['minutes', 60_000],
  ['seconds', 1000],
];

type Scale = { unit: string; size: number };

function scaleFor(steps: number, stepMs: number | undefined): Scale {
  if (stepMs === undefined) return { unit: 'steps', size: 1 };
  const ms = steps * stepMs;
  for (const [unit, size] of UNITS) if (ms >= 2 * size) return { unit, size: size / stepMs };
  return { unit: 'seconds', size: 1000 / stepMs };
}

function amount(steps: number, scale: Scale): string {
  const v = steps / scale.size;
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

export function describeTimeToThreshold(input: {
  threshold: ThresholdForecast;
  /** Sample spacing in ms; without it durations are in forecast steps. */
  stepMs?: number;
  /** What crossing means, e.g. "full"; by default "reaches <value>". */
  label?: string;
}): string {
  const { threshold: t, stepMs } = input;
  const label = input.label ?? `reaches ${t.value}`;
  const notLabel = input.label ? `not ${input.label}` : `does not reach ${t.value}`;
  const ref = t.eta?.steps ?? t.earliest?.steps ?? t.horizon;
  const scale = scaleFor(ref, stepMs);
  const horizon = `${amount(t.horizon, scale)} ${scale.unit}`;
  if (t.eta === null) {
    const none = `${notLabel} within ${horizon}`;
    return t.earliest === null ? none : `${none} (80%: possibly from ${amount(t.earliest.steps, scale)} ${scale.unit})`;
  }
  const head = `${label} in ${amount(t.eta.steps, scale)} ${scale.unit}`;
  const fromSteps = (t.earliest ?? t.eta).steps;
  if (!t.latest) return `${head} (80%: ${amount(fromSteps, scale)}–>${amount(t.horizon, scale)})`;
  const range = distinctRange({ lo: fromSteps / scale.size, hi: t.latest.steps / scale.size, step: 1 / scale.size, format: amountIn });
  if (range) return `${head} (80%: ${range.lo}–${range.hi})`;
  // The finest figure distinctRange tried: a range narrower than it cannot be printed as a range.
  const width = t.latest.steps / scale.size >= 10 ? '0.1' : '0.01';
  return `${head} (80% range narrower than ${width} ${scale.unit}: a very steady trend)`;
}
