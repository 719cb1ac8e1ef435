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
 * A new stage (logs, security) adds its series here: an entry with its own `source`, no `read`
 * (its writer builds the points, naming them with `METRIC.<key>`), and `prom` only if it belongs
 * on /metrics. Alert rules then accept the name; forecast rules too when it is stored.
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
