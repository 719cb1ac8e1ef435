import type { PriorityName } from '../types.js';

/**
 * The log stage's storage contract: what the agent writes per host and hour, and what the report,
 * the alert rules and `checkup logs top` read. Checkup is not a log store: it keeps counts per
 * template × severity × source, the template texts, and a few redacted examples, never the log.
 *
 * Writer and readers share this file so neither restates the other's shapes. The Redis
 * implementation keeps every key under the store's per-host hash tag, and its retention follows
 * the metric tiers (minute buckets as long as the minute tier, hour buckets as long as the hour tier).
 */

/** A severity as counted: a syslog priority name, or `unknown` when nothing said (never "info"). */
export type LogSeverity = PriorityName | 'unknown';

/** One counted cell of a batch: this many entries of one template, severity and source. */
export type LogCount = {
  templateId: string;
  severity: LogSeverity;
  source: string;
  /** Epoch ms of the entries' minute (their header time, or the read time when they had none). */
  minute: number;
  count: number;
};

/** A template's text and up to a few redacted examples, as the agent knows them now. */
export type LogTemplateUpdate = {
  id: string;
  template: string;
  /** Redacted examples; the repository keeps at most MAX_EXAMPLES per template. */
  examples: string[];
};

/** Per-source state the report states as the basis of its figures. */
export type LogSourceStatus = {
  source: string;
  /** Epoch ms the agent first read this source (logs are counted from here, not before). */
  since: number;
  /** Epoch ms of the last successful read. */
  lastRead: number;
  /** The source's current problem in one sentence (unreadable, missing…), or null. */
  problem: string | null;
};

/**
 * One agent write. `batchId` makes the write idempotent: the agent writes, then commits its read
 * positions; a crash between the two replays the same batch with the same id, and the repository
 * counts it once.
 */
export type LogBatch = {
  host: string;
  source: string;
  batchId: string;
  counts: LogCount[];
  templates: LogTemplateUpdate[];
  status: LogSourceStatus;
};

export const MAX_EXAMPLES = 3;

export type LogRange = { host: string; from: number; to: number };

/** Counts of one bucket; `bySeverity` omits zero severities. */
export type LogBucket = { t: number; total: number; bySeverity: Partial<Record<LogSeverity, number>> };

export type LogTemplateTotal = {
  id: string;
  template: string;
  /** The most severe severity the template was counted with in the range. */
  severity: LogSeverity;
  count: number;
  bySeverity: Partial<Record<LogSeverity, number>>;
  sources: string[];
  examples: string[];
  /** Epoch ms this host first logged the template (any period), or null if unknown. */
  firstSeen: number | null;
};

export type LogFilter = {
  templateIds?: string[];
  /** Counts only entries at least this severe (`err` counts emerg, alert, crit and err). */
  minSeverity?: PriorityName;
  sources?: string[];
};

export type LogReader = {
  /** Buckets of `step` ms (60_000 or a multiple of 3_600_000) over [from, to); gaps are absent buckets. */
  buckets(range: LogRange & { step: number; filter?: LogFilter }): Promise<LogBucket[]>;
  /**
   * Buckets as `buckets` gives them, one series per template id asked for (absent ids have none),
   * from one read of the range: a report's burst check needs dozens of templates' hours.
   */
  templateBuckets(range: LogRange & { step: number; templateIds: string[] }): Promise<Map<string, LogBucket[]>>;
  /** Templates counted in [from, to), most counted first, at most `limit`. */
  templates(range: LogRange & { limit?: number; filter?: LogFilter }): Promise<LogTemplateTotal[]>;
  /** Templates whose first sighting on this host falls in [from, to). */
  newTemplates(range: LogRange): Promise<LogTemplateTotal[]>;
  /** The host's sources and their status; empty when the host has never sent logs. */
  sources(host: string): Promise<LogSourceStatus[]>;
};

export type LogRepo = LogReader & {
  write(batch: LogBatch): Promise<void>;
};
