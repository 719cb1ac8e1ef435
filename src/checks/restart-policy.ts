import type { RestartConfig } from '../config/checks-schema.js';
import type { CheckStatus, RestartRecord } from './types.js';
import type { RestartState } from './check-state.js';

export type RestartDecision =
  | { action: 'none'; why: 'healthy' | 'unknown' | 'retrying' | 'grace' }
  | { action: 'backoff'; until: number }
  | { action: 'exhausted'; resumeAt: number; used: number }
  | { action: 'restart'; budgetLeft: number };

export function inGrace(state: RestartState, now: number): boolean {
  return state.graceUntil !== null && now < state.graceUntil;
}

/**
 * The verdict on the last restart, given by the first result after the grace period: a service
 * that crash-loops looks alive for a moment after each start, so an early good result proves
 * nothing. Recovery resets the backoff.
 */
export function settleRestart(state: RestartState, rawStatus: CheckStatus, now: number): { state: RestartState; settled: RestartRecord | null } {
  const pending = state.pending;
  // Unknown says nothing about the restarted service: the verdict waits for a real result.
  if (!pending || inGrace(state, now) || rawStatus === 'unknown') return { state, settled: null };
  if (rawStatus !== 'fail') return { state: { ...state, pending: null, streak: 0 }, settled: { ...pending, recovered: true } };
  return { state: { ...state, pending: null }, settled: { ...pending, recovered: false } };
}

/** Wait before restart number `streak + 1` when the previous `streak` did not help. */
export function backoffMs(policy: RestartConfig, streak: number): number {
  if (streak <= 0) return 0;
  return Math.min(policy.backoff.initial * 2 ** (streak - 1), policy.backoff.max);
}

/**
 * Whether to restart now. Only a counted failure (past retries, outside grace) asks for one; the
 * budget is a sliding window of past restart times, so restarts resume once old ones age out.
 */
export function decideRestart(opts: {
  policy: RestartConfig;
  state: RestartState;
  status: CheckStatus;
  consecutiveFails: number;
  retries: number;
  now: number;
  /** Times of restarts already made, any order. */
  history: number[];
}): RestartDecision {
  const { policy, state, now } = opts;
  // A probe that cannot tell gives no reason to restart (a unit restart could not run anyway).
  if (opts.status === 'unknown') return { action: 'none', why: 'unknown' };
  if (opts.status !== 'fail') return { action: 'none', why: 'healthy' };
  if (inGrace(state, now)) return { action: 'none', why: 'grace' };
  if (opts.consecutiveFails <= opts.retries) return { action: 'none', why: 'retrying' };
  const inWindow = opts.history.filter((t) => t > now - policy.budget.window).sort((a, b) => a - b);
  if (inWindow.length >= policy.budget.max) {
    const oldest = inWindow[inWindow.length - policy.budget.max] ?? now;
    return { action: 'exhausted', resumeAt: oldest + policy.budget.window, used: inWindow.length };
  }
  const from = state.graceUntil ?? state.lastAt ?? 0;
  const until = from + backoffMs(policy, state.streak);
  if (state.streak > 0 && now < until) return { action: 'backoff', until };
  return { action: 'restart', budgetLeft: policy.budget.max - inWindow.length - 1 };
}
