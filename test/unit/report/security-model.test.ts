import { describe, expect, it } from 'vitest';
import { perDay, type HostSecurity } from '../../../src/report/model/host-security.js';
import { securityFleet } from '../../../src/report/model/security-fleet.js';

const H = 3_600_000;

describe('security report model', () => {
  it('sums failed logins into calendar days of the report zone', () => {
    // 2026-12-01 15:00 and 16:00 UTC are the 1st in UTC but 23:00 on the 1st and 00:00 on the 2nd in Shanghai.
    const hours = [
      { t: Date.UTC(2026, 11, 1, 15), count: 3 },
      { t: Date.UTC(2026, 11, 1, 16), count: 4 },
      { t: Date.UTC(2026, 11, 2, 1), count: 5 },
    ];
    expect(perDay(hours, 'UTC')).toEqual([
      { t: Date.UTC(2026, 11, 1, 15), count: 7 },
      { t: Date.UTC(2026, 11, 2, 1), count: 5 },
    ]);
    expect(perDay(hours, 'Asia/Shanghai')).toEqual([
      { t: Date.UTC(2026, 11, 1, 15), count: 3 },
      { t: Date.UTC(2026, 11, 1, 16), count: 9 },
    ]);
  });

  it('lists the sources that attacked several hosts, most hosts first, and the logins from new sources', () => {
    const host = (id: string, sources: [string, number, string[]][], newLogin?: string): { id: string; security: HostSecurity } => ({
      id,
      security: {
        collected: true,
        failedTotal: sources.reduce((n, s) => n + s[1], 0),
        sources: sources.map(([source, count, users]) => ({ source, count, users, usersMore: false, firstSeen: 0, lastSeen: H })),
        accepted: newLogin ? [{ user: newLogin, source: '192.0.2.1', method: 'password', time: H, newSource: true }] : [],
        sudo: { ok: 0, failed: 1, failures: [], runs: [] },
        fileChanges: [],
        portChanges: [],
      } as unknown as HostSecurity,
    });
    const fleet = securityFleet([
      host('a', [
        ['203.0.113.9', 10, ['root']],
        ['198.51.100.4', 1, ['x']],
        ['', 2, []],
      ]),
      host(
        'b',
        [
          ['203.0.113.9', 5, ['admin', 'root']],
          ['198.51.100.4', 50, ['y']],
        ],
        '<b>eve</b>',
      ),
      host('c', [['203.0.113.9', 1, ['pi']]]),
      { id: 'd', security: { collected: false } },
    ]);
    expect(fleet).toMatchObject({ hosts: 3, failedTotal: 69, sources: 2, sudoFailed: 3, sharedMore: 0 });
    expect(fleet!.sharedSources).toEqual([
      { source: '203.0.113.9', hostCount: 3, hosts: ['a', 'b', 'c'], count: 16, users: 3 },
      { source: '198.51.100.4', hostCount: 2, hosts: ['a', 'b'], count: 51, users: 2 },
    ]);
    expect(fleet!.newLogins).toEqual([{ user: '<b>eve</b>', source: '192.0.2.1', method: 'password', time: H, newSource: true, host: 'b' }]);
    expect(securityFleet([{ id: 'd', security: { collected: false } }])).toBeNull();
  });
});
