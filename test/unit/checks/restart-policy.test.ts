import { describe, expect, it } from 'vitest';
import { NO_RESTART } from '../../../src/checks/check-state.js';
import { backoffMs, decideRestart, settleRestart } from '../../../src/checks/restart-policy.js';
import { ZRestart } from '../../../src/config/checks-schema.js';

const policy = ZRestart.parse({ command: ['/bin/true'], grace: '10s', budget: { max: 3, window: '30m' }, backoff: { initial: '30s', max: '2m' } });
const MIN = 60_000;

describe('restart policy', () => {
  it('restarts a counted failure and leaves retries, grace and healthy checks alone', () => {
    const base = { policy, state: NO_RESTART, retries: 1, now: 100 * MIN, history: [] };
    expect(decideRestart({ ...base, status: 'ok', consecutiveFails: 0 })).toEqual({ action: 'none', why: 'healthy' });
    expect(decideRestart({ ...base, status: 'unknown', consecutiveFails: 0 })).toEqual({ action: 'none', why: 'unknown' });
    expect(decideRestart({ ...base, status: 'fail', consecutiveFails: 1 })).toEqual({ action: 'none', why: 'retrying' });
    expect(decideRestart({ ...base, status: 'fail', consecutiveFails: 2 })).toEqual({ action: 'restart', budgetLeft: 2 });
    const inGrace = { ...NO_RESTART, lastAt: base.now - 5000, graceUntil: base.now + 5000 };
    expect(decideRestart({ ...base, state: inGrace, status: 'fail', consecutiveFails: 5 })).toEqual({ action: 'none', why: 'grace' });
  });

  it('backs off exponentially after restarts that did not help, capped', () => {
    expect([0, 1, 2, 3, 4].map((s) => backoffMs(policy, s))).toEqual([0, 30_000, 60_000, 120_000, 120_000]);
    const state = { ...NO_RESTART, lastAt: 0, graceUntil: 10_000, streak: 2 };
    const args = { policy, state, status: 'fail' as const, consecutiveFails: 1, retries: 0, history: [0, 5 * MIN] };
    expect(decideRestart({ ...args, now: 30_000 })).toEqual({ action: 'backoff', until: 70_000 });
    expect(decideRestart({ ...args, now: 70_000 }).action).toBe('restart');
  });

  it('stops when the budget is spent and resumes when the oldest restart leaves the window', () => {
    const history = [10 * MIN, 20 * MIN, 25 * MIN];
    const args = { policy, state: NO_RESTART, status: 'fail' as const, consecutiveFails: 1, retries: 0, history };
    expect(decideRestart({ ...args, now: 30 * MIN })).toEqual({ action: 'exhausted', resumeAt: 40 * MIN, used: 3 });
    expect(decideRestart({ ...args, now: 40 * MIN + 1 })).toEqual({ action: 'restart', budgetLeft: 0 });
  });

  it('settles the last restart by the first result after grace, not by an early good one', () => {
    const pending = { id: 'r1', t: 0, host: 'h', check: 'c', reason: 'down', command: 'x', exitCode: 0, recovered: null, budgetLeft: 2 };
    const state = { ...NO_RESTART, lastAt: 0, graceUntil: 10_000, streak: 2, pending };
    expect(settleRestart(state, 'fail', 5_000).settled).toBeNull();
    expect(settleRestart(state, 'ok', 5_000).settled).toBeNull();
    // Unknown after grace says nothing about the restarted service: the verdict waits.
    expect(settleRestart(state, 'unknown', 10_000).settled).toBeNull();
    const good = settleRestart(state, 'ok', 10_000);
    expect(good.settled?.recovered).toBe(true);
    expect(good.state.streak).toBe(0);
    const bad = settleRestart(state, 'fail', 10_000);
    expect(bad.settled?.recovered).toBe(false);
    expect(bad.state.streak).toBe(2);
  });
});
