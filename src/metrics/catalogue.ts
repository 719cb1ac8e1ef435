import type { MetricDef } from './metric-def.js';
import { CPU_METRICS } from './families/cpu-metrics.js';
import { MEMORY_METRICS } from './families/memory-metrics.js';
import { DISK_METRICS } from './families/disk-metrics.js';
import { NETWORK_METRICS } from './families/network-metrics.js';
import { HOST_METRICS } from './families/host-metrics.js';
import { CHECK_METRICS } from './families/check-metrics.js';

/**
 * Every series Checkup stores or exports, the only place metric names are written. Storage
 * (`snapshotToPoints`), the report and console models, the Prometheus gauges and alert-rule
 * validation all read it; the keys are what code uses (`METRIC.cpuTotal`), the names are what
 * users, configs and stored data see.
 *
 * A new stage (logs, security) adds its series here: a family file spread below (and listed in
 * the catalogue test), entries with its own `source` (added to `MetricSource`) and no `read` (its
 * writer builds the points, naming them with `METRIC.<key>`), and `prom` only if it belongs on
 * /metrics. Forecast rules then accept its stored names; metric rules read snapshots only.
 */
export const CATALOGUE = {
  ...CPU_METRICS,
  ...MEMORY_METRICS,
  ...DISK_METRICS,
  ...NETWORK_METRICS,
  ...HOST_METRICS,
  ...CHECK_METRICS,
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof CATALOGUE;
export type MetricName = (typeof CATALOGUE)[MetricKey]['name'];
