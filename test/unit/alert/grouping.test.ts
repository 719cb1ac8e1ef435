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

  it('keeps a resolution held by groupWait until it goes out, though later evaluations no longer report it', () => {
    const a = alert('a');
    const g0 = planGroup({ ...opts, groupWait: 1000, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    const g1 = planGroup({ ...opts, groupWait: 1000, group: g0.group, firing: [a], resolved: [], now: 1000 });
    expect(g1.notification?.kind).toBe('firing');
    // Resolved at 1200: held. The evaluations after it see neither a firing nor a resolved "a".
    let g = planGroup({ ...opts, groupWait: 1000, group: g1.group, firing: [], resolved: [{ ...a, status: 'resolved' }], now: 1200 });
    expect(g.notification).toBeNull();
    for (const now of [1400, 1600, 1800, 2000]) {
      g = planGroup({ ...opts, groupWait: 1000, group: g.group, firing: [], resolved: [], now });
      expect(g.notification).toBeNull();
    }
    g = planGroup({ ...opts, groupWait: 1000, group: g.group, firing: [], resolved: [], now: 2200 });
    expect(g.notification).toMatchObject({ kind: 'resolved', firing: [], resolved: [{ key: 'a/h', status: 'resolved' }] });
    expect(g.group.notified).toEqual({});
    expect(g.group.resolving).toEqual({});
    expect(planGroup({ ...opts, groupWait: 1000, group: g.group, firing: [], resolved: [], now: 5000 }).notification).toBeNull();
  });

  it('sends a resolution that lands in a group held by another alert together with that alert', () => {
    const a = alert('a');
    const b = alert('b');
    const w = { ...opts, groupWait: 1000 };
    let g = planGroup({ ...w, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    g = planGroup({ ...w, group: g.group, firing: [a], resolved: [], now: 1000 });
    expect(g.notification?.firing.map((x) => x.key)).toEqual(['a/h']);
    g = planGroup({ ...w, group: g.group, firing: [a, b], resolved: [], now: 2000 });
    g = planGroup({ ...w, group: g.group, firing: [b], resolved: [{ ...a, status: 'resolved' }], now: 2500 });
    expect(g.notification).toBeNull();
    g = planGroup({ ...w, group: g.group, firing: [b], resolved: [], now: 3000 });
    expect(g.notification).toMatchObject({ kind: 'firing', firing: [{ key: 'b/h' }], resolved: [{ key: 'a/h' }] });
  });

  it('lets a resolve and a re-fire inside groupWait cancel out, then announces the final resolve once', () => {
    const a = alert('a');
    const w = { ...opts, groupWait: 1000 };
    let g = planGroup({ ...w, groupWait: 0, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    expect(g.notification?.kind).toBe('firing');
    g = planGroup({ ...w, group: g.group, firing: [], resolved: [{ ...a, status: 'resolved' }], now: 100 });
    // A new instance of the same key fires before the resolution went out.
    const again = { ...a, since: 300, firedAt: 300 };
    g = planGroup({ ...w, group: g.group, firing: [again], resolved: [], now: 300 });
    expect(g.notification).toBeNull();
    for (const now of [1200, 2000]) {
      g = planGroup({ ...w, group: g.group, firing: [again], resolved: [], now });
      expect(g.notification).toBeNull();
    }
    expect(Object.keys(g.group.notified)).toEqual(['a/h']);
    g = planGroup({ ...w, group: g.group, firing: [], resolved: [{ ...again, status: 'resolved' }], now: 3000 });
    g = planGroup({ ...w, group: g.group, firing: [], resolved: [], now: 4000 });
    expect(g.notification).toMatchObject({ kind: 'resolved', resolved: [{ key: 'a/h', since: 300 }] });
  });

  it('swallows the resolution of an alert muted when its RESOLVED would go out, and says so', () => {
    const a = alert('a');
    const first = planGroup({ ...opts, group: emptyGroup('h'), firing: [a], resolved: [], now: 0 });
    const muted = () => 'silenced (s1: deploy)';
    const r = planGroup({ ...opts, muted, group: first.group, firing: [], resolved: [{ ...a, status: 'resolved' }], now: 1000 });
    expect(r.notification).toBeNull();
    expect(r.mutedResolutions).toMatchObject([{ alert: { key: 'a/h' }, reason: 'silenced (s1: deploy)' }]);
    expect(r.group.notified).toEqual({});
    expect(r.lost).toEqual([]);
  });

  it('reports an announced alert that vanished without a resolution instead of forgetting it quietly', () => {
    const first = planGroup({ ...opts, group: emptyGroup('h'), firing: [alert('a')], resolved: [], now: 0 });
    expect(planGroup({ ...opts, group: first.group, firing: [], resolved: [], now: 1000 }).lost).toEqual(['a/h']);
  });

  it('reads a group stored by an earlier version (no heard, no resolving)', () => {
    const old = { host: 'h', seq: 3, notified: { 'a/h': 0 }, muted: {}, lastSentAt: 0, pendingSince: null } as unknown as GroupState;
    const r = planGroup({ ...opts, group: old, firing: [], resolved: [{ ...alert('a'), status: 'resolved' }], now: 1000 });
    expect(r.notification).toMatchObject({ kind: 'resolved', resolved: [{ key: 'a/h' }] });
    expect(r.group.seq).toBe(4);
  });

  it('labels a message that only announces a spent restart budget', () => {
    const out = planGroup({ ...opts, group: emptyGroup('h'), firing: [alert('restart-budget')], resolved: [], now: 0 });
    expect(out.notification?.kind).toBe('restart-budget');
  });
});
