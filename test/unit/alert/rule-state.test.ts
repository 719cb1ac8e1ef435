import { describe, expect, it } from 'vitest';
import { stepAlert, type AlertRecord, type RuleSpec } from '../../../src/alert/rule-state.js';

const id = { key: 'cpu/h', rule: 'cpu', host: 'h', labels: {}, severity: 'warning' as const };

/** Runs a value series (null = no data) one evaluation per second; returns the status after each. */
function run(values: Array<number | null>, rule: RuleSpec) {
  let prev: AlertRecord | null = null;
  const statuses: string[] = [];
  const changes: string[] = [];
  values.forEach((v, i) => {
    const r = stepAlert({ prev, sample: { value: v, message: `v=${v}` }, rule, id, now: i * 1000 });
    prev = r.record;
    statuses.push(r.record?.instance.status ?? '-');
    if (r.change) changes.push(`${r.change}@${i}`);
  });
  return { statuses, changes };
}

describe('alert state machine', () => {
  it('waits `for` before firing and drops a pending alert when the condition goes away', () => {
    const rule: RuleSpec = { op: '>', threshold: 90, forMs: 2000, keepFiringForMs: 0 };
    expect(run([95, 95, 50, 95, 95, 95], rule)).toEqual({ statuses: ['pending', 'pending', '-', 'pending', 'pending', 'firing'], changes: ['fired@5'] });
  });

  it('resolves only past the resolve level (hysteresis)', () => {
    const rule: RuleSpec = { op: '>', threshold: 90, resolve: 80, forMs: 0, keepFiringForMs: 0 };
    const r = run([95, 85, 89, 91, 85, 79, 85, 95], rule);
    expect(r.statuses).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved', '-', 'firing']);
    expect(r.changes).toEqual(['fired@0', 'resolved@5', 'fired@7']);
  });

  it('keeps firing across a short data gap and resolves after keepFiringFor', () => {
    const rule: RuleSpec = { op: '<', threshold: 10, forMs: 0, keepFiringForMs: 2500 };
    const r = run([5, null, null, 5, null, null, null, null], rule);
    // Data at 0 s and 3 s; silent from 3 s: still firing at 5 s (2 s < 2.5 s), resolved at 6 s.
    expect(r.changes).toEqual(['fired@0', 'resolved@6']);
    expect(r.statuses.slice(0, 6).every((s) => s === 'firing')).toBe(true);
  });

  it('never fires from no data', () => {
    expect(run([null, null], { op: '>', threshold: 0, forMs: 0, keepFiringForMs: 0 }).statuses).toEqual(['-', '-']);
  });
});
