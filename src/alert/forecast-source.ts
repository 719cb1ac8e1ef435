import { createFitCache, describeMethod, forecastWithCache, type ForecastInput, type ForecastResult } from '../analyze/index.js';
import type { RuleConfig } from '../config/alerts-schema.js';
import { formatDuration } from '../shared/duration.js';
import type { SeriesStore } from '../store/types.js';
import type { RuleSpec } from './rule-state.js';
import { formatLabels, type LabeledSample } from './sources.js';

type ForecastRule = Extract<RuleConfig, { type: 'forecast' }>;
export type Forecaster = (input: ForecastInput) => ForecastResult;

/**
 * Fits kept between evaluations in this process: a rule's window moves by one evaluation interval at a
 * time, so the last fit of each series is a warm start (parameters usually reused as they are).
 */
const fits = createFitCache({ maxEntries: 10_000 });

/** Fewer observations than this give no forecast (no data), not a guess. */
const MIN_POINTS = 12;

/**
 * Forecast rules: the value is the time until the forecast mean crosses the threshold. Firing when
 * that is within `within`; resolved when no crossing is forecast within `resolveWithin`.
 */
export function forecastRuleSpec(rule: ForecastRule): Pick<RuleSpec, 'op' | 'threshold' | 'resolve'> {
  return { op: '<=', threshold: rule.within, resolve: rule.resolveWithin ?? rule.within };
}

export async function forecastSamples(o: {
  rule: ForecastRule;
  host: string;
  store: Pick<SeriesStore, 'range'>;
  now: number;
  forecaster?: Forecaster;
}): Promise<LabeledSample[]> {
  const { rule, now } = o;
  const horizonMs = Math.max(rule.within, rule.resolveWithin ?? 0);
  const series = await o.store.range({
    host: o.host,
    metric: rule.metric,
    ...(rule.labels ? { labels: rule.labels } : {}),
    from: now - rule.lookback,
    to: now,
    step: rule.step,
  });
  const out: LabeledSample[] = [];
  for (const s of series) {
    const labels = s.id.labels;
    const name = `${rule.metric}${formatLabels(labels)}`;
    const observed = s.points.filter((p) => p.v !== null).length;
    if (observed < MIN_POINTS) {
      out.push({ labels, value: null, message: `${name}: ${observed} points in the lookback, too few to forecast` });
      continue;
    }
    const horizon = Math.max(1, Math.ceil(horizonMs / s.step));
    let result: ForecastResult;
    try {
      const input: ForecastInput = {
        values: s.points.map((p) => p.v),
        timestamps: s.points.map((p) => p.t),
        horizon,
        threshold: rule.threshold,
        thresholdDirection: rule.op.startsWith('>') ? 'up' : 'down',
      };
      result = o.forecaster ? o.forecaster(input) : forecastWithCache({ ...input, seriesId: `${o.host}|${name}|step=${s.step}`, cache: fits, now });
    } catch (err) {
      out.push({ labels, value: null, message: `${name}: no forecast (${(err as Error).message})` });
      continue;
    }
    const last = s.points[s.points.length - 1]?.t ?? now;
    const eta = result.threshold?.eta;
    // The crossing is searched well past the horizon (up to a year), so "in ~40d" is said even when
    // the rule looks 3 days ahead. None within the search: one step past it stands in for "not soon"
    // (finite, so it stores as JSON).
    const searched = result.threshold?.horizon ?? horizon;
    const at = eta ? (eta.timestamp ?? last + eta.steps * s.step) : last + (searched + 1) * s.step;
    const inMs = Math.max(0, at - now);
    const method = describeMethod(result);
    const text = eta
      ? `forecast to reach ${rule.threshold} in ~${formatDuration(inMs)} (${method})`
      : `not forecast to reach ${rule.threshold} within ${formatDuration(searched * s.step)} (${method})`;
    out.push({ labels, value: inMs, message: `${name} ${text}` });
  }
  return out;
}
