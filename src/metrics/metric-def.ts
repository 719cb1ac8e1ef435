import type { Snapshot } from '../collect/snapshot.js';

/** What a value counts. Rates are per second over the collection interval. */
export type MetricUnit =
  'percent' | 'bytes' | 'bytes/s' | 'ops/s' | 'packets/s' | 'switches/s' | 'load' | 'seconds' | 'milliseconds' | 'celsius' | 'count' | 'status';

/**
 * `gauge`: a level read at collection time. `rate`: derived from kernel counters over the interval
 * since the previous snapshot (per-second rates and CPU shares), so absent on the first snapshot.
 * No series stores a raw counter.
 */
export type MetricKind = 'gauge' | 'rate';

/** Which writer produces the series; only `snapshot` metrics have a reader and feed metric alert rules. */
export type MetricSource = 'snapshot' | 'check';

/** One value read from a snapshot. `info` labels go to Prometheus only, never to the store. */
export type SnapshotSample = { v: number | null | undefined; labels?: Record<string, string>; info?: Record<string, string> };

/**
 * How a metric is exported on /metrics as `checkup_host_<name>`, in Prometheus' base units.
 * Several metrics may share one gauge (the CPU modes) by naming it alike with different `constLabels`.
 */
export type PromSpec = {
  name: string;
  /** Defaults to the metric's description; metrics sharing a gauge must give the same help. */
  help?: string;
  /** The value is a percent, exported as a ratio 0–1. @defaultValue false */
  ratio?: boolean;
  /** Store labels the gauge carries. A sample with any other label (per-core CPU) is not exported. @defaultValue [] */
  labels?: readonly string[];
  /** Labels from the sample's `info` (a filesystem's device and type). @defaultValue [] */
  infoLabels?: readonly string[];
  /** Fixed labels that tell apart metrics sharing the gauge. */
  constLabels?: Readonly<Record<string, string>>;
};

export type MetricDef = {
  /** The stored series name: never rename one, stored data and alert configs use it. */
  name: string;
  unit: MetricUnit;
  kind: MetricKind;
  /** Label names a series may carry; a series may carry fewer (host-wide CPU has no `core`). */
  labels: readonly string[];
  description: string;
  source: MetricSource;
  /** False for values read from snapshots for Prometheus and alerts but never written to the store. @defaultValue true */
  stored?: boolean;
  read?: (s: Snapshot) => SnapshotSample[];
  prom?: PromSpec;
};
