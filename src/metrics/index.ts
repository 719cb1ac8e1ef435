export { CATALOGUE, type MetricKey, type MetricName } from './catalogue.js';
export { METRIC, METRIC_DEFS, findMetric, isStored, storedMetricProblem } from './lookup.js';
export type { MetricDef, MetricKind, MetricSource, MetricUnit, PromSpec, SnapshotSample } from './metric-def.js';
export { snapshotSamples, type HostSample } from './snapshot-samples.js';
export { ruleMetricNames, ruleMetricProblem, type MetricRuleType } from './rule-metrics.js';
export { storedDecimals, storedValue } from './stored-precision.js';
