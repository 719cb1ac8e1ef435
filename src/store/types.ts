/** Label set of a series, e.g. `{ mount: '/var' }` or `{ iface: 'eth0' }`. */
export type Labels = Record<string, string>;

/** One raw measurement written by an agent. `t` is epoch milliseconds of collection. */
export type Point = { metric: string; labels?: Labels; t: number; v: number };

/** Identifies one series: one host, one metric, one label set. */
export type SeriesId = { host: string; metric: string; labels: Labels };

/** Which resolution answered a query. */
export type Tier = 'raw' | 'minute' | 'hour';

/**
 * One bucket of a range answer. `v` is null where there was no data: gaps are gaps, never zeros.
 * For raw data min = max = avg = last = v and count = 1.
 */
export type RangePoint = {
  t: number;
  v: number | null;
  min: number | null;
  max: number | null;
  last: number | null;
  count: number;
};

export type RangeQuery = {
  host: string;
  metric: string;
  /** Exact labels to match; omitted keys match any value. */
  labels?: Labels;
  from: number;
  to: number;
  /** Bucket width in ms; when omitted the store picks one from the range. */
  step?: number;
};

export type RangeSeries = { id: SeriesId; tier: Tier; step: number; points: RangePoint[] };

export type RetentionConfig = { rawMs: number; minuteMs: number; hourMs: number };

/** The time-series store every stage reads through. One implementation lives in Redis. */
export type SeriesStore = {
  /** Appends points of one host. Idempotent for the same (series, t): re-sent samples never duplicate. */
  append(host: string, points: Point[]): Promise<void>;
  /** One entry per matching series, points ordered by time, buckets of `step`, gaps as null. */
  range(q: RangeQuery): Promise<RangeSeries[]>;
  /** Series known for a host. */
  listSeries(host: string, metric?: string): Promise<SeriesId[]>;
  /** Rolls raw data up into the minute and hour tiers and trims each tier to its retention. */
  compact(host: string, now: number): Promise<{ rolledUp: number; trimmed: number }>;
  /** Hosts that ever wrote to the store (optional: added with the Redis store, which has it). */
  listHosts?(): Promise<string[]>;
};
