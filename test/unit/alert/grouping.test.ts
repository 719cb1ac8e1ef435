import { describe, expect, it } from 'vitest';
import { emptyGroup, planGroup, type GroupState } from '../../../src/alert/grouping.js';
import type { AlertInstance } from '../../../src/alert/types.js';

const alert = (rule: string, status: AlertInstance['status'] = 'firing'): AlertInstance => ({
  key: `${rule}/h`,
  rule,
  host: 'h',
  labels: {},
  severity: 'critical',
  status,
  since: 0,
  firedAt: 0,
  resolvedAt: status === 'resolved' ? 1 : null,
  value: 1,
  message: rule,
});
const notMuted = () => null;
const opts = { muted: notMuted, groupWait: 0, repeatInterval: 60_000 };

describe('grouping per host', () => {
  it('sends one message for twenty alerts of one host, then nothing while nothing changes', () => {
    const firing = Array.from({ length: 20 }, (_, i) => alert(`r${i}`));
    const first = planGroup({ ...opts, group: emptyGroup('h'), firing, resolved: [], now: 1000 });
    expect(first.notification?.kind).toBe('firing');
    expect(first.notification?.firing).toHaveLength(20);
    const again = planGroup({ ...opts, group: first.group, firing, resolved: [], now: 2000 });
    expect(again.notification).toBeNull();
  });

  it('sends resolved once, and repeats what still fires after repeatInterval', () => {
    const a = alert('a');
    const b = alert('b');
    let g: GroupState = planGroup({ ...opts, group: emptyGroup('h'), firing: [a, b], resolved: [], now: 0 }).group;
    const r = planGroup({ ...opts, group: g, firing: [b], resolved: [{ ...a, status: 'resolved' }], now: 1000 });
    expect(r.notification).toMatchObject({ kind: 'resolved', resolved: [{ key: 'a/h' }], active: [{ key: 'b/h' }] });
    g = r.group;
    expect(planGroup({ ...opts, group: g, firing: [b], resolved: [{ ...a, status: 'resolved' }], now: 2000 }).notification).toBeNull();
    expect(planGroup({ ...opts, group: g, firing: [b], resolved: [], now: 61_000 }).notification?.kind).toBe('repeat');
  });

  it('batches changes within groupWait and drops a fire+resolve that happened inside it', () => {
    const a = alert('a');
    const w1 = planGroup({ ...opts, groupWait: 5000, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    expect(w1.notification).toBeNull();
    const w2 = planGroup({ ...opts, groupWait: 5000, group: w1.group, firing: [], resolved: [{ ...a, status: 'resolved' }], now: 3000 });
    expect(w2.notification).toBeNull();
    expect(planGroup({ ...opts, groupWait: 5000, group: w2.group, firing: [], resolved: [], now: 6000 }).notification).toBeNull();
  });

  it('does not announce muted alerts nor their resolution, and logs each once', () => {
    const a = alert('a');
    const muted = () => 'maintenance window patch';
    const m1 = planGroup({ ...opts, muted, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    expect(m1.notification).toBeNull();
    expect(m1.newlyMuted).toHaveLength(1);
    const m2 = planGroup({ ...opts, muted, group: m1.group, firing: [a], resolved: [], now: 1000 });
    expect(m2.newlyMuted).toHaveLength(0);
    // The silence ends while it still fires: now it is announced.
    expect(planGroup({ ...opts, group: m2.group, firing: [a], resolved: [], now: 2000 }).notification?.kind).toBe('firing');
  });

  it('labels a message that only announces a spent restart budget', () => {
    const out = planGroup({ ...opts, group: emptyGroup('h'), firing: [alert('restart-budget')], resolved: [], now: 0 });
    expect(out.notification?.kind).toBe('restart-budget');
  });
});
