import { describe, expect, it } from 'vitest';
import { emptyGroup } from '../../../src/alert/grouping.js';
import { forChannel, type Notification } from '../../../src/alert/notification.js';
import { planNotifications } from '../../../src/alert/plan-notifications.js';
import { routeNotification } from '../../../src/alert/routing.js';
import type { AlertInstance } from '../../../src/alert/types.js';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';

const alert = (rule: string, status: AlertInstance['status'], severity: AlertInstance['severity'] = 'warning'): AlertInstance => ({
  key: `${rule}/h`,
  rule,
  host: 'h',
  labels: {},
  severity,
  status,
  since: 0,
  firedAt: 0,
  resolvedAt: status === 'resolved' ? 1 : null,
  value: 1,
  message: rule,
});
const channels = { mail: { type: 'email', to: ['ops@example.test'] }, hook: { type: 'webhook', url: 'http://127.0.0.1:9/h', minSeverity: 'critical' } };

describe('routing', () => {
  it('sends a resolution where its firing went, though the rule was removed or re-graded since', () => {
    const cfg = ZAlertsConfig.parse({ channels, rules: [] });
    const p = { kind: 'resolved' as const, firing: [], resolved: [alert('gone', 'resolved')], active: [] };
    // Without a record of who heard it, the config decides (all channels, by severity).
    expect(routeNotification(p, cfg)).toEqual({ mail: ['gone/h'] });
    expect(routeNotification(p, cfg, { 'gone/h': ['hook'] })).toEqual({ hook: ['gone/h'] });
    expect(routeNotification(p, cfg, { 'gone/h': [] })).toEqual({});
  });

  it('routes firing alerts by the rule and the channel severity', () => {
    const cfg = ZAlertsConfig.parse({ channels, rules: [{ name: 'r', type: 'metric', metric: 'cpu.total', threshold: 1 }] });
    const p = { kind: 'firing' as const, firing: [alert('r', 'firing', 'critical')], resolved: [], active: [alert('r', 'firing', 'critical')] };
    expect(routeNotification(p, cfg)).toEqual({ mail: ['r/h'], hook: ['r/h'] });
  });

  it('titles each channel by what it gets: a RESOLVED where only the resolution was routed', () => {
    const b = alert('b', 'firing', 'critical');
    const a = alert('a', 'resolved');
    const n: Notification = {
      id: 'n',
      host: 'h',
      seq: 2,
      t: 0,
      kind: 'firing',
      firing: [b],
      resolved: [a],
      active: [b],
      routes: { mail: ['a/h'], hook: ['b/h'] },
    };
    expect(forChannel(n, 'mail')).toMatchObject({ kind: 'resolved', firing: [], resolved: [{ key: 'a/h' }], active: [] });
    expect(forChannel(n, 'hook')).toMatchObject({ kind: 'firing', firing: [{ key: 'b/h' }], resolved: [] });
    const budget = { ...n, firing: [alert('restart-budget', 'firing')], routes: { mail: ['restart-budget/h'] } };
    expect(forChannel(budget, 'mail').kind).toBe('restart-budget');
  });

  it('logs a resolution that cannot reach a channel which heard the firing but left the config', () => {
    const cfg = ZAlertsConfig.parse({ channels, rules: [], groupWait: 0 });
    const group = { ...emptyGroup('h'), seq: 1, notified: { 'gone/h': 0 }, heard: { 'gone/h': ['pager'] }, lastSentAt: 0 };
    const plan = planNotifications({ firing: [], resolved: [alert('gone', 'resolved')], groups: new Map([['h', group]]), muted: () => null, cfg, now: 5 });
    expect(plan.notifications).toEqual([]);
    expect(plan.log).toMatchObject([{ channel: 'pager', kind: 'resolved', alerts: ['gone/h'], outcome: 'failed', error: 'channel no longer configured' }]);
    expect(plan.groups[0]!.notified).toEqual({});
  });
});
