import type { CheckResult, CheckStatus, CheckTransition, RestartRecord } from './types.js';

/** A stretch of results with one status and no gap; `to` is where its coverage ends. */
export type Segment = { from: number; to: number; status: CheckStatus; message: string };
/** The segment still growing: `lastT` is its latest result. */
export type OpenSegment = { from: number; lastT: number; status: CheckStatus; message: string; intervalMs: number };

export type RestartState = {
  lastAt: number | null;
  /** Failures do not count before this. */
  graceUntil: number | null;
  /** Restarts in a row that did not bring the check back: drives the backoff. */
  streak: number;
  /** The restart record still waiting for its verdict. */
  pending: RestartRecord | null;
  /** Set while a restart is wanted but the budget is spent: the budget alert reads it. */
  exhaustedAt: number | null;
  resumeAt: number | null;
};

export type CheckState = {
  check: string;
  /** Effective status: after retries, and held through a restart's grace period. */
  status: CheckStatus | null;
  since: number | null;
  consecutiveFails: number;
  lastRunAt: number;
  intervalMs: number;
  latest: CheckResult | null;
  open: OpenSegment | null;
  restart: RestartState;
};

export const NO_RESTART: RestartState = { lastAt: null, graceUntil: null, streak: 0, pending: null, exhaustedAt: null, resumeAt: null };

export function initialState(check: string, intervalMs: number): CheckState {
  return { check, status: null, since: null, consecutiveFails: 0, lastRunAt: 0, intervalMs, latest: null, open: null, restart: NO_RESTART };
}

export type Applied = { state: CheckState; result: CheckResult; transition: CheckTransition | null; closed: Segment | null };

/**
 * Folds one probe result into the state. A failure counts only after `retries` more failures in a
 * row (until then the previous status holds), and not at all inside a restart's grace period.
 * The state history is run-length: a new segment starts on a status change or after a gap of
 * more than two intervals, which then counts as "no data".
 */
export function applyResult(opts: { prev: CheckState; raw: CheckResult; retries: number; intervalMs: number; inGrace: boolean }): Applied {
  const { prev, raw, retries, intervalMs } = opts;
  // An unknown result ends a run of failures: nothing is known about the service in between.
  let consecutiveFails = 0;
  let status: CheckStatus = raw.status;
  let message = raw.message;
  if (raw.status === 'fail') {
    consecutiveFails = opts.inGrace ? prev.consecutiveFails : prev.consecutiveFails + 1;
    if (consecutiveFails <= retries) {
      // Not yet a failure: the previous status holds; with no history it shows as warn.
      status = prev.status ?? 'warn';
      message = opts.inGrace ? `${raw.message} (restart grace period)` : `${raw.message} (failure ${consecutiveFails} of ${retries + 1}, retrying)`;
    }
  }
  const result: CheckResult = { ...raw, status, message, details: { ...raw.details, rawStatus: raw.status } };
  const transition = status !== prev.status ? { host: raw.host, check: raw.check, from: prev.status, to: status, t: raw.t, message } : null;

  let closed: Segment | null = null;
  let open: OpenSegment;
  const cur = prev.open;
  if (cur && raw.t - cur.lastT <= 2 * cur.intervalMs && cur.status === status) {
    open = { ...cur, lastT: raw.t, intervalMs };
  } else {
    if (cur) {
      const gap = raw.t - cur.lastT > 2 * cur.intervalMs;
      closed = { from: cur.from, to: gap ? Math.min(raw.t, cur.lastT + cur.intervalMs) : raw.t, status: cur.status, message: cur.message };
    }
    open = { from: raw.t, lastT: raw.t, status, message, intervalMs };
  }
  const state: CheckState = {
    ...prev,
    status,
    since: transition ? raw.t : prev.since,
    consecutiveFails,
    lastRunAt: raw.t,
    intervalMs,
    latest: result,
    open,
  };
  return { state, result, transition, closed };
}

/** Where the open segment's coverage ends when read at `at`: to `at` if results are current, else one interval past the last. */
export function openCoverageEnd(open: OpenSegment, at: number): number {
  return at - open.lastT <= 2 * open.intervalMs ? Math.max(at, open.lastT) : open.lastT + open.intervalMs;
}
