import { METRIC_DEFS, findMetric, isStored } from './lookup.js';
import type { MetricDef } from './metric-def.js';

/** Alert rule types that name a metric, and what each reads. */
export type MetricRuleType = 'metric' | 'forecast';

/** Metric rules read the latest snapshot's stored figures; forecast rules fit any stored series. */
const READABLE: Record<MetricRuleType, (d: MetricDef) => boolean> = {
  metric: (d) => d.source === 'snapshot' && isStored(d),
  forecast: isStored,
};

export function ruleMetricNames(type: MetricRuleType): string[] {
  return METRIC_DEFS.filter(READABLE[type]).map((d) => d.name);
}

/** Why a rule of `type` cannot name `name`, or null when it can. */
export function ruleMetricProblem(type: MetricRuleType, name: string): string | null {
  const def = findMetric(name);
  if (!def) return `unknown metric ${JSON.stringify(name)} (known: ${ruleMetricNames(type).join(', ')})`;
  if (READABLE[type](def)) return null;
  if (!isStored(def)) return `metric "${name}" is exported to Prometheus but not stored, so ${type} rules cannot read it`;
  return `metric "${name}" comes from ${def.source} results, not snapshots: use a forecast rule or a ${def.source} rule`;
}
