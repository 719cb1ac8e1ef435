import type { Snapshot } from '../collect/snapshot.js';
import { METRIC_DEFS } from './lookup.js';
import type { MetricDef } from './metric-def.js';

export type HostSample = { def: MetricDef; v: number; labels?: Record<string, string>; info?: Record<string, string> };

const SNAPSHOT_DEFS = METRIC_DEFS.filter((d) => d.read !== undefined);

/**
 * Every catalogue value in a snapshot, stored or not. Absent parts (rates on the first snapshot,
 * temperatures on hosts without sensors) and non-finite values yield nothing: gaps, not zeros.
 */
export function snapshotSamples(s: Snapshot): HostSample[] {
  const out: HostSample[] = [];
  for (const def of SNAPSHOT_DEFS) {
    for (const x of def.read?.(s) ?? []) {
      if (typeof x.v !== 'number' || !Number.isFinite(x.v)) continue;
      out.push({ def, v: x.v, ...(x.labels ? { labels: x.labels } : {}), ...(x.info ? { info: x.info } : {}) });
    }
  }
  return out;
}
