import { CATALOGUE, type MetricKey } from './catalogue.js';
import type { MetricDef } from './metric-def.js';

/** Names by key: code writes `METRIC.diskUsedPct`, never the string. */
export const METRIC = Object.fromEntries(Object.entries(CATALOGUE).map(([key, def]) => [key, def.name])) as {
  readonly [K in MetricKey]: (typeof CATALOGUE)[K]['name'];
};

export const METRIC_DEFS: readonly MetricDef[] = Object.values(CATALOGUE);

const BY_NAME = new Map(METRIC_DEFS.map((d) => [d.name, d]));

export function findMetric(name: string): MetricDef | undefined {
  return BY_NAME.get(name);
}

/** Stored unless marked otherwise: what the series store and forecasts can read. */
export function isStored(def: MetricDef): boolean {
  return def.stored !== false;
}

/**
 * Why a series of `name` cannot be read from the store, or null when it can: the API and the CLI
 * answer with this instead of an empty series that reads as "no data yet".
 */
export function storedMetricProblem(name: string): string | null {
  const def = findMetric(name);
  if (!def)
    return `unknown metric ${JSON.stringify(name)} (stored: ${METRIC_DEFS.filter(isStored)
      .map((d) => d.name)
      .join(', ')})`;
  return isStored(def) ? null : `metric "${name}" is exported to Prometheus but not stored`;
}
