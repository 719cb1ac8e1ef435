import type { RangePoint } from '../../store/types.js';

/**
 * When a host has too little data to be judged. An agent's first minute is start-up noise (its own
 * module loading shows as CPU), so it never counts; below the minimum a host gets "not enough data
 * to score" instead of a score, and no statement is derived from its samples. Printed in every report.
 */
export const SCORING_RULE = { minSamples: 30, minCoveragePct: 10, warmupMs: 60_000 } as const;

/** A stretch without samples longer than this many sampling intervals is a gap (as for check availability). */
const GAP_INTERVALS = 2;

/** `beforeMonitoring`: the host's first sample ever came after it, so it was not monitored yet. */
export type Gap = { from: number; to: number; durationMs: number; beforeMonitoring: boolean };

/** How a host's figures were counted: printed beside them. */
export type DataBasis = {
  /** From the period's start to its end, or to now while the period runs. */
  periodMs: number;
  /** The period minus its gaps. */
  coveredMs: number;
  coveragePct: number | null;
  gaps: Gap[];
  /** The host's sampling interval as its data shows it, or the configured agent interval. */
  intervalMs: number;
  /** Samples in the period, not counting the agent's first minute. */
  samples: number;
  /** Buckets starting before this hold the agent's first minute and are left out of statements. */
  warmupUntil: number | null;
  /**
   * scored: enough data. silent: monitored before the period, too little data in it (a finding).
   * insufficient: monitoring began in the period, too little data so far: not scored.
   */
  scoring: 'scored' | 'silent' | 'insufficient';
};

/**
 * Sampling interval from bucketed data: for adjacent buckets it is step ÷ samples, for sparse data the
 * distance to the next bucket with data. The median ignores partly filled edges and real gaps.
 */
export function estimateInterval(points: RangePoint[]): number | null {
  const full = points.filter((p) => p.count > 0);
  const ratios: number[] = [];
  for (let i = 0; i + 1 < full.length; i++) ratios.push((full[i + 1]!.t - full[i]!.t) / full[i]!.count);
  if (ratios.length === 0) return null;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)]!;
}

/**
 * Gaps and coverage from the period's start, not from the first sample: a host with five minutes of
 * data in a week covers five minutes of it. A run of empty buckets is a gap when it is longer than
 * twice the sampling interval, so sparse sampling (every 10 minutes on a 5-minute chart) is no gap.
 */
export function dataBasis(opts: {
  points: RangePoint[];
  step: number;
  from: number;
  to: number;
  now: number;
  firstSeen: number | null;
  /** The host's latest sample ever, when known. */
  lastSeen?: number | null;
  defaultIntervalMs: number;
  /** Samples in the agent's first minute (counted at a fine step: chart buckets are too coarse). */
  warmupSamples: number;
}): DataBasis {
  const { points, from } = opts;
  const end = Math.max(from, Math.min(opts.to, opts.now));
  const intervalMs = estimateInterval(points) ?? opts.defaultIntervalMs;
  const tolerance = GAP_INTERVALS * intervalMs;
  const gaps: Gap[] = [];
  // An empty run is open from the period's start until the first bucket with data.
  let runStart: number | null = from;
  const close = (until: number) => {
    if (runStart === null) return;
    const a = Math.max(from, runStart);
    // The host's first sample is known to the millisecond: the bucket holding it is not all data.
    const first = opts.firstSeen;
    const b = Math.min(end, first !== null && first >= until && first < until + opts.step ? first : until);
    if (b - a > tolerance) gaps.push({ from: a, to: b, durationMs: b - a, beforeMonitoring: opts.firstSeen !== null && opts.firstSeen >= b });
    runStart = null;
  };
  let lastData: number | null = null;
  for (const p of points) {
    if (p.t >= end) break;
    if (p.count > 0 && p.v !== null) {
      close(p.t);
      lastData = p.t;
    } else runStart ??= p.t;
  }
  // Likewise the host's latest sample: the bucket holding it is data only up to it.
  const latest = opts.lastSeen ?? null;
  if (lastData !== null && latest !== null && latest >= lastData && latest < lastData + opts.step) runStart = latest;
  close(end);
  const periodMs = end - from;
  const coveredMs = Math.max(0, periodMs - gaps.reduce((s, g) => s + g.durationMs, 0));
  const warmupUntil = warmupEnd({ firstSeen: opts.firstSeen, from });
  const samples = Math.max(0, points.reduce((n, p) => (p.v !== null && p.t < end ? n + p.count : n), 0) - (warmupUntil === null ? 0 : opts.warmupSamples));
  const coveragePct = periodMs > 0 ? (100 * coveredMs) / periodMs : null;
  const enough = samples >= SCORING_RULE.minSamples && (coveragePct ?? 0) >= SCORING_RULE.minCoveragePct;
  const startedInPeriod = opts.firstSeen !== null ? opts.firstSeen > from : samples > 0;
  return { periodMs, coveredMs, coveragePct, gaps, intervalMs, samples, warmupUntil, scoring: enough ? 'scored' : startedInPeriod ? 'insufficient' : 'silent' };
}

/** The end of the agent's first minute when it falls in the period, else null. */
export function warmupEnd(opts: { firstSeen: number | null; from: number }): number | null {
  const end = opts.firstSeen === null ? null : opts.firstSeen + SCORING_RULE.warmupMs;
  return end !== null && end > opts.from ? end : null;
}

/** Buckets that may hold the agent's first minute carry no statement (averages, peaks, findings). */
export function afterWarmup(points: RangePoint[], basis: Pick<DataBasis, 'warmupUntil'>): RangePoint[] {
  const cut = basis.warmupUntil;
  return cut === null ? points : points.filter((p) => p.t >= cut);
}
