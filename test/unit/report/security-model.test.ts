import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildHostSecurity, perDay, type HostSecurity } from '../../../src/report/model/host-security.js';
import type { SecurityPeriod, SecurityReader } from '../../../src/security/store/security-repo.js';
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
    const host = (id: string, sources: [string, number, string[]][], newLogin?: string, auth = true): { id: string; security: HostSecurity } => ({
      id,
      security: {
        collected: true,
        auth: auth ? { state: 'ok', sources: ['auth'] } : { state: 'no-sources' },
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
      // Ports and files but no auth source: counted among the hosts, never as "0 failed logins".
      host('e', [['203.0.113.9', 7, ['root']]], '<i>mallory</i>', false),
    ]);
    expect(fleet).toMatchObject({ hosts: 4, authHosts: 3, failedTotal: 69, sources: 2, sudoFailed: 3, sharedMore: 0 });
    expect(fleet!.sharedSources).toEqual([
      { source: '203.0.113.9', hostCount: 3, hosts: ['a', 'b', 'c'], count: 16, users: 3 },
      { source: '198.51.100.4', hostCount: 2, hosts: ['a', 'b'], count: 51, users: 2 },
    ]);
    expect(fleet!.newLogins).toEqual([{ user: '<b>eve</b>', source: '192.0.2.1', method: 'password', time: H, newSource: true, host: 'b' }]);
    expect(securityFleet([{ id: 'd', security: { collected: false } }])).toBeNull();
  });

  it('states the basis, the missing auth sources and what the caps left out, in the report language', async () => {
    const since = Date.UTC(2026, 11, 1, 12);
    const period: SecurityPeriod = {
      auth: { since, lastWrite: since, problem: null, sources: [] },
      ports: null,
      files: { since, lastWrite: since, problem: 'not root' },
      logins: null,
      failedByHour: [],
      failedTotal: 0,
      sources: [],
      users: [],
      accepted: [],
      sudo: [],
      sudoCounts: { ok: 0, failed: 0 },
      accounts: [],
      portChanges: [],
      fileChanges: [],
      dropped: { sources: 6, fileChanges: 2 },
    };
    // The reader's answers as the store gives them (the store itself is tested against real Redis).
    const reader = { period: async () => period, latestPorts: async () => null, currentLogins: async () => null } as unknown as SecurityReader;
    const strings = JSON.parse(readFileSync('templates/locales/zh-CN.json', 'utf8')) as Record<string, string>;
    const from = Date.UTC(2026, 11, 1);
    const s = await buildHostSecurity(reader, { host: 'h', from, to: from + 86_400_000, timezone: 'UTC', strings, now: from + 86_400_000 });
    expect(s).toMatchObject({ collected: true, auth: { state: 'no-sources' }, basis: { since, partial: true, coveragePct: 50 } });
    if (!s.collected) throw new Error('collected');
    expect(s.basis.problems).toEqual([{ signal: '关键文件', problem: 'not root' }]);
    expect(s.dropped).toEqual(['来源（其失败次数已计入总数） 6 条', '文件变化 2 条']);
    expect(await buildHostSecurity(undefined, { host: 'h', from, to: from + 1, timezone: 'UTC', strings, now: from })).toEqual({ collected: false });
  });
});
