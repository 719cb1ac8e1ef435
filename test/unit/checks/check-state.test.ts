import { describe, expect, it } from 'vitest';
import { applyResult, initialState, type CheckState } from '../../../src/checks/check-state.js';
import type { CheckResult, CheckStatus } from '../../../src/checks/types.js';

const raw = (status: CheckStatus, t: number): CheckResult => ({ host: 'h', check: 'c', kind: 'tcp', status, latencyMs: null, message: `${status} at ${t}`, t });

function run(statuses: Array<[CheckStatus, number]>, retries: number, interval = 1000) {
  let state: CheckState = initialState('c', interval);
  const effective: CheckStatus[] = [];
  const closed = [];
  const transitions = [];
  for (const [s, t] of statuses) {
    const a = applyResult({ prev: state, raw: raw(s, t), retries, intervalMs: interval, inGrace: false });
    state = a.state;
    effective.push(a.result.status);
    if (a.closed) closed.push(a.closed);
    if (a.transition) transitions.push(a.transition);
  }
  return { state, effective, closed, transitions };
}

describe('check state', () => {
  it('counts a failure only after retries + 1 in a row', () => {
    const r = run(
      [
        ['ok', 0],
        ['fail', 1000],
        ['fail', 2000],
        ['ok', 3000],
        ['fail', 4000],
        ['fail', 5000],
        ['fail', 6000],
      ],
      2,
    );
    expect(r.effective).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'fail']);
    expect(r.transitions.map((t) => [t.from, t.to, t.t])).toEqual([
      [null, 'ok', 0],
      ['ok', 'fail', 6000],
    ]);
  });

  it('shows warn while retrying when there is no earlier status', () => {
    expect(run([['fail', 0]], 1).effective).toEqual(['warn']);
  });

  it('keeps the status through a grace period without counting failures', () => {
    const s0 = run([['fail', 0]], 0).state;
    const a = applyResult({ prev: { ...s0, consecutiveFails: 0 }, raw: raw('fail', 1000), retries: 0, intervalMs: 1000, inGrace: true });
    expect(a.result.status).toBe('fail');
    expect(a.state.consecutiveFails).toBe(0);
    expect(a.result.message).toContain('grace');
  });

  it('closes a segment on a status change and on a gap of more than two intervals', () => {
    const r = run(
      [
        ['ok', 0],
        ['ok', 1000],
        ['fail', 2000],
        ['fail', 3000],
        ['fail', 9000],
      ],
      0,
    );
    expect(r.closed).toEqual([
      { from: 0, to: 2000, status: 'ok', message: 'ok at 0' },
      // Gap 3000 → 9000 (> 2 × 1000): the segment covers one interval past its last result.
      { from: 2000, to: 4000, status: 'fail', message: 'fail at 2000' },
    ]);
    expect(r.state.open).toMatchObject({ from: 9000, lastT: 9000, status: 'fail' });
  });

  it('gives unknown its own segment, and an unknown result ends a run of failures', () => {
    const r = run(
      [
        ['ok', 0],
        ['fail', 1000],
        ['unknown', 2000],
        ['fail', 3000],
        ['ok', 4000],
      ],
      1,
    );
    expect(r.effective).toEqual(['ok', 'ok', 'unknown', 'unknown', 'ok']);
    expect(r.closed.map((c) => [c.status, c.from, c.to])).toEqual([
      ['ok', 0, 2000],
      ['unknown', 2000, 4000],
    ]);
  });
});
