import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisSecurityRepo } from '../../../src/security/store/redis-security-repo.js';
import { SECURITY_CAPS, type AuthDelta, type SecurityBatch } from '../../../src/security/store/security-repo.js';
import type { PortsSnapshot } from '../../../src/security/ports/ports-snapshot.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
const retention = { minuteMs: 35 * 86_400_000, hourMs: 400 * 86_400_000 };
const repo = createRedisSecurityRepo({ redis, prefix, retention });
afterAll(async () => {
  await cleanupPrefix(prefix);
  redis.disconnect();
});

const H = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 10);
const empty = (): AuthDelta => ({ failures: [], users: [], minutes: [], accepted: [], sudo: [], accounts: [] });
const authBatch = (batchId: string, delta: Partial<AuthDelta>, at = T0 + H): SecurityBatch => ({
  host: 'web-1',
  batchId,
  at,
  auth: { delta: { ...empty(), ...delta }, sources: ['auth'] },
});

describe('Redis security repository', () => {
  it('merges failures per source across batches and hours, and applies a replayed batch once', async () => {
    const a = authBatch('b1', {
      failures: [{ source: '203.0.113.9', count: 3, users: ['root', 'admin'], usersMore: false, firstSeen: T0 + 60_000, lastSeen: T0 + 120_000 }],
      users: [
        { user: 'root', count: 2 },
        { user: 'admin', count: 1 },
      ],
    });
    expect(await repo.write(a)).toBe(true);
    expect(await repo.write(a)).toBe(false);
    await repo.write(
      authBatch('b2', {
        failures: [
          { source: '203.0.113.9', count: 2, users: ['root', '<script>alert(1)</script>'], usersMore: false, firstSeen: T0 + H + 5, lastSeen: T0 + H + 10 },
          { source: '198.51.100.7', count: 1, users: ['bob'], usersMore: false, firstSeen: T0 + H + 7, lastSeen: T0 + H + 7 },
        ],
        users: [
          { user: 'root', count: 1 },
          { user: '<script>alert(1)</script>', count: 1 },
          { user: 'bob', count: 1 },
        ],
      }),
    );
    const p = await repo.period({ host: 'web-1', from: T0, to: T0 + 2 * H });
    expect(p.failedTotal).toBe(6);
    expect(p.failedByHour).toEqual([
      { t: T0, count: 3 },
      { t: T0 + H, count: 3 },
    ]);
    expect(p.sources).toEqual([
      {
        source: '203.0.113.9',
        count: 5,
        users: ['root', 'admin', '<script>alert(1)</script>'],
        usersMore: false,
        firstSeen: T0 + 60_000,
        lastSeen: T0 + H + 10,
      },
      { source: '198.51.100.7', count: 1, users: ['bob'], usersMore: false, firstSeen: T0 + H + 7, lastSeen: T0 + H + 7 },
    ]);
    expect(p.users[0]).toEqual({ user: 'root', count: 3 });
    expect(p.auth).toMatchObject({ since: T0 + H, sources: ['auth'], problem: null });
    expect(p.ports).toBeNull();
    // A period of the second hour only.
    expect((await repo.period({ host: 'web-1', from: T0 + H, to: T0 + 2 * H })).failedTotal).toBe(3);
  });

  it('flags an accepted login from a source never seen for that user, once', async () => {
    const login = (user: string, source: string, time: number) => ({ user, source, method: 'publickey', time });
    await repo.write(authBatch('l1', { accepted: [login('alice', '10.0.0.1', T0 + 100), login('alice', '10.0.0.1', T0 + 200)] }));
    await repo.write(authBatch('l2', { accepted: [login('alice', '10.0.0.2', T0 + 300), login('bob', '10.0.0.1', T0 + 400)] }));
    await repo.write(authBatch('l2', { accepted: [login('alice', '10.0.0.2', T0 + 300), login('bob', '10.0.0.1', T0 + 400)] }));
    const p = await repo.period({ host: 'web-1', from: T0, to: T0 + H });
    expect(await repo.accepted({ host: 'web-1', from: T0, to: T0 + H })).toEqual(p.accepted);
    expect(p.accepted.map((a) => [a.user, a.source, a.newSource])).toEqual([
      ['alice', '10.0.0.1', true],
      ['alice', '10.0.0.1', false],
      ['alice', '10.0.0.2', true],
      ['bob', '10.0.0.1', true],
    ]);
  });

  it('caps sources per hour and counts the failures it dropped; the total stays exact', async () => {
    const host = 'flood';
    const n = SECURITY_CAPS.sourcesPerHour + 10;
    const failures = Array.from({ length: n }, (_, i) => ({
      source: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
      count: 2,
      users: ['x'],
      usersMore: false,
      firstSeen: T0,
      lastSeen: T0,
    }));
    await repo.write({ ...authBatch('f1', { failures }), host });
    const p = await repo.period({ host, from: T0, to: T0 + H });
    expect(p.failedTotal).toBe(2 * n);
    expect(p.sources).toHaveLength(SECURITY_CAPS.sourcesPerHour);
    expect(p.dropped.sources).toBe(20);
  });

  it('keeps sudo runs, account changes, port and file changes, snapshots and who is logged in', async () => {
    const host = 'db-1';
    const snapshot: PortsSnapshot = { time: T0 + 10, ownersComplete: true, sockets: [] };
    await repo.write({
      host,
      batchId: 's1',
      at: T0 + 10,
      auth: {
        sources: ['auth'],
        delta: {
          ...empty(),
          sudo: [
            { user: 'carol', runAs: 'root', command: '/usr/bin/id', ok: true, time: T0 + 5, detail: null },
            { user: 'bob', runAs: 'root', command: '/bin/sh', ok: false, time: T0 + 6, detail: 'user NOT in sudoers' },
          ],
          accounts: [{ user: 'mallory', action: 'user-added', app: 'useradd', detail: 'new user', time: T0 + 7 }],
        },
      },
      ports: {
        time: T0 + 10,
        snapshot,
        changes: [
          {
            change: 'new',
            proto: 'tcp',
            family: 4,
            address: '0.0.0.0',
            port: 4444,
            exposed: true,
            allowed: false,
            before: null,
            after: { pid: 9, name: 'nc', exe: null },
          },
        ],
      },
      files: {
        time: T0 + 10,
        snapshot: { time: T0 + 10, files: [], cut: 0 },
        changes: [{ path: '/etc/sudoers', change: 'modified', fields: ['content'], changedAt: T0 + 1, detectedAt: T0 + 10 }],
      },
      logins: { time: T0 + 10, current: [{ user: 'alice', line: 'pts/0', host: '10.0.0.1', address: '10.0.0.1', pid: 42, login: T0 }] },
    });
    const p = await repo.period({ host, from: T0, to: T0 + H });
    expect(p.sudoCounts).toEqual({ ok: 1, failed: 1 });
    expect(p.sudo.map((s) => s.user)).toEqual(['carol', 'bob']);
    expect(p.accounts).toEqual([{ user: 'mallory', action: 'user-added', app: 'useradd', detail: 'new user', time: T0 + 7 }]);
    expect(p.portChanges).toMatchObject([{ change: 'new', port: 4444, time: T0 + 10 }]);
    expect(p.fileChanges).toEqual([{ path: '/etc/sudoers', change: 'modified', fields: ['content'], changedAt: T0 + 1, detectedAt: T0 + 10 }]);
    expect(p.ports).toMatchObject({ since: T0 + 10, problem: null });
    // The lists read alone (the alert rules' way) say the same, cut to the range by time.
    expect(await repo.portChanges({ host, from: T0, to: T0 + H })).toEqual(p.portChanges);
    expect(await repo.fileChanges({ host, from: T0, to: T0 + H })).toEqual(p.fileChanges);
    expect(await repo.fileChanges({ host, from: T0 + 11, to: T0 + H })).toEqual([]);
    expect(await repo.latestPorts(host)).toMatchObject({ time: T0 + 10, sockets: [] });
    expect(await repo.latestFiles(host)).toEqual({ time: T0 + 10, files: [], cut: 0 });
    expect(await repo.currentLogins(host)).toMatchObject({ time: T0 + 10, users: [{ user: 'alice', pid: 42 }] });
  });

  it('counts failures per source by minute for brute-force windows, and sets expiries on every key', async () => {
    const now = Date.now();
    const m = Math.floor(now / 60_000) * 60_000;
    await repo.write({
      ...authBatch(
        'm1',
        {
          minutes: [
            [m - 120_000, '192.0.2.1', 4],
            [m, '192.0.2.1', 3],
            [m, '192.0.2.2', 1],
          ],
        },
        now,
      ),
      host: 'minutes',
    });
    expect(await repo.failuresBySource({ host: 'minutes', from: now - 60_000, to: now + 1 })).toEqual(
      new Map([
        ['192.0.2.1', 3],
        ['192.0.2.2', 1],
      ]),
    );
    expect(await repo.failuresBySource({ host: 'minutes', from: now - 600_000, to: now + 1 })).toEqual(
      new Map([
        ['192.0.2.1', 7],
        ['192.0.2.2', 1],
      ]),
    );
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) keys.push(...(batch as string[]));
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) expect(await redis.pttl(key), key).toBeGreaterThan(0);
    expect(keys.every((key) => /^[^:]+:\{h:[^}]+\}:sec:/.test(key))).toBe(true);
  });
});
