import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { syslogParser } from '../../../src/logs/parse/index.js';
import type { LogEntry } from '../../../src/logs/types.js';
import { AuthIngest } from '../../../src/security/agent/auth-ingest.js';
import { scanAuthLines } from '../../../src/security/auth/scan-auth-log.js';
import { AuthTracker } from '../../../src/security/auth/auth-tracker.js';
import { createRedisSecurityRepo } from '../../../src/security/store/redis-security-repo.js';
import { loadLoghubSet } from '../../utils/loghub.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
const repo = createRedisSecurityRepo({ redis, prefix, retention: { minuteMs: 3650 * 86_400_000, hourMs: 3650 * 86_400_000 } });
afterAll(async () => {
  await cleanupPrefix(prefix);
  redis.disconnect();
});

const set = loadLoghubSet('OpenSSH');
const parse = syslogParser().parse;
const entries: LogEntry[] = set.lines.map((line, i) => {
  const f = parse(line);
  if (!f) throw new Error(`line ${i + 1} has no syslog header`);
  return {
    source: 'auth',
    time: f.time,
    priority: f.priority,
    severityBasis: f.severityBasis,
    app: f.app,
    pid: f.pid,
    host: f.host,
    message: f.message,
    line: i + 1,
    lineCount: 1,
  };
});

describe('AuthIngest: log batches into security writes', () => {
  it("stores LogHub's OpenSSH set, read in batches of 97 with replays, as the offline scan counts it", async () => {
    const ingest = new AuthIngest({ host: 'loghub', sources: ['auth'], idleMs: 600_000 });
    const last = entries.at(-1)!.time!;
    for (let i = 0; i < entries.length; i += 97) {
      const batch = ingest.batch({
        source: 'auth',
        entries: entries.slice(i, i + 97),
        batchId: `auth:${i}`,
        now: entries[Math.min(i + 96, entries.length - 1)]!.time!,
      });
      expect(batch).not.toBeNull();
      expect(await repo.write(batch!)).toBe(true);
      // The pipeline replays a batch after a crash between write and commit: counted once.
      expect(await repo.write(batch!)).toBe(false);
    }
    const end = ingest.end({ batchId: 'end', now: last });
    if (end) await repo.write(end);
    expect(ingest.batch({ source: 'nginx', entries: [], batchId: 'x', now: last })).toBeNull();

    const scan = scanAuthLines(set.lines, { parse, keepEvents: false }).summary;
    const p = await repo.period({ host: 'loghub', from: entries[0]!.time! - 3_600_000, to: last + 3_600_000 });
    expect(p.failedTotal).toBe(532);
    expect(p.failedTotal).toBe(scan.failedLogins.total);
    expect(p.sources.map((s) => [s.source, s.count])).toEqual(scan.failedLogins.bySource.map((s) => [s.source, s.count]));
    expect(p.sources[0]).toMatchObject({ source: '183.62.140.253', count: 287 });
    expect(new Set(p.sources[0]!.users)).toEqual(new Set(scan.failedLogins.bySource[0]!.users));
    expect(p.users.map((u) => [u.user, u.count])).toEqual(scan.failedLogins.byUser.map((u) => [u.user ?? '', u.count]));
    expect(p.accepted).toMatchObject([{ user: 'fztu', source: '119.137.62.142', method: 'password', newSource: true }]);
    expect(p.auth).toMatchObject({ sources: ['auth'], problem: null });
    // Each failure lands in the hour it was logged, though a batch spans hours.
    const byHour = new Map<number, number>();
    const tracker = new AuthTracker({
      onEvent: (e) => {
        if (e.failures <= 0) return;
        const h = Math.floor(e.time! / 3_600_000) * 3_600_000;
        byHour.set(h, (byHour.get(h) ?? 0) + e.failures);
      },
    });
    for (const e of entries) tracker.push(e);
    tracker.end();
    expect(p.failedByHour.length).toBeGreaterThan(1);
    expect(p.failedByHour).toEqual([...byHour].sort((a, b) => a[0] - b[0]).map(([t, count]) => ({ t, count })));
  });
});
