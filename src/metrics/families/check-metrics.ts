import type { MetricDef } from '../metric-def.js';

const CHECK = { labels: ['check'], source: 'check' } as const;

/** Written by the check runner, one series per check; not read from snapshots. */
export const CHECK_METRICS = {
  checkStatus: { ...CHECK, unit: 'status', kind: 'gauge', name: 'check.status', description: 'Latest check result: 0 ok, 1 warn, 2 fail; unknown is a gap.' },
  checkLatencyMs: { ...CHECK, unit: 'milliseconds', kind: 'gauge', name: 'check.latency_ms', description: 'How long the latest check took.' },
} as const satisfies Record<string, MetricDef>;
