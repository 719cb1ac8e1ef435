import { describe, expect, it } from 'vitest';
import { activeWindow, maintenanceFor, windowIntervals } from '../../../src/alert/maintenance.js';
import { muteReason } from '../../../src/alert/silences.js';
import { ZMaintenance } from '../../../src/config/alerts-schema.js';
import type { AlertInstance } from '../../../src/alert/types.js';

describe('maintenance windows and silences', () => {
  it('expands a recurring window in its time zone across a DST change', () => {
    // Sundays 03:30 Berlin for 1h: 02:30Z in winter (CET), 01:30Z from 2025-03-30 (CEST).
    const w = ZMaintenance.parse({ name: 'patch', schedule: '30 3 * * 0', duration: '1h', timezone: 'Europe/Berlin' });
    const got = windowIntervals(w, Date.parse('2025-03-22T00:00:00Z'), Date.parse('2025-04-07T00:00:00Z')).map(([a]) => new Date(a).toISOString());
    expect(got).toEqual(['2025-03-23T02:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-04-06T01:30:00.000Z']);
  });

  it('matches by host and check; a window naming checks does not cover other alerts', () => {
    const w = ZMaintenance.parse({ name: 'db', hosts: ['db-1'], checks: ['pg'], from: '2025-01-01T00:00:00Z', to: '2025-01-01T02:00:00Z' });
    const at = Date.parse('2025-01-01T01:00:00Z');
    expect(activeWindow([w], { host: 'db-1', check: 'pg' }, at)?.name).toBe('db');
    expect(activeWindow([w], { host: 'db-1', rule: 'cpu' }, at)).toBeNull();
    expect(activeWindow([w], { host: 'db-2', check: 'pg' }, at)).toBeNull();
    expect(maintenanceFor([w], { host: 'db-1', check: 'pg' }, 0, at)).toEqual([[Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-01T02:00:00Z')]]);
  });

  it('mutes an alert by silence (host + rule) only inside its time range', () => {
    const a = {
      key: 'cpu/web-1',
      rule: 'cpu',
      host: 'web-1',
      labels: {},
      severity: 'warning',
      status: 'firing',
      since: 0,
      firedAt: 0,
      resolvedAt: null,
      value: 99,
      message: '',
    } as AlertInstance;
    const silences = [
      {
        id: 's1',
        matchers: [
          { name: 'host', op: '=' as const, value: 'web-1' },
          { name: 'rule', op: '=' as const, value: 'cpu' },
        ],
        from: 100,
        to: 200,
        comment: 'load test',
        createdBy: 'ops',
        createdAt: 90,
        expiredAt: null,
        expiredBy: null,
      },
    ];
    expect(muteReason(a, { silences, maintenance: [], now: 150 })).toBe('silenced (s1: load test)');
    expect(muteReason(a, { silences, maintenance: [], now: 250 })).toBeNull();
    expect(muteReason({ ...a, rule: 'mem' }, { silences, maintenance: [], now: 150 })).toBeNull();
  });
});
