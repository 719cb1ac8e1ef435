import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ZSecurityConfig } from '../../../src/config/security-schema.js';
import { createSnapshotCollector } from '../../../src/security/agent/snapshot-collector.js';
import { FileBaselineStore } from '../../../src/security/baseline/file-baseline-store.js';
import { createRedisSecurityRepo } from '../../../src/security/store/redis-security-repo.js';
import type { SecurityRepo } from '../../../src/security/store/security-repo.js';
import { createLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
const dir = mkdtempSync(join(tmpdir(), 'checkup-sec-agent-'));
const repo = createRedisSecurityRepo({ redis, prefix, retention: { minuteMs: 86_400_000, hourMs: 2 * 86_400_000 } });
const log = createLogger({ level: 'silent' });
afterAll(async () => {
  await cleanupPrefix(prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const watched = join(dir, 'sudoers');
writeFileSync(watched, 'root ALL=(ALL) ALL\n');
const config = ZSecurityConfig.parse({ files: { defaults: false, watch: [watched], homeFiles: [] }, logins: { utmp: join(dir, 'no-utmp') } });

const listen = (host: string) =>
  new Promise<Server>((resolve) => {
    const s = createServer();
    s.listen(0, host, () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;
const close = (s: Server) => new Promise((r) => s.close(r));

describe('agent security snapshots', () => {
  it('records a new listening port and a changed file once, survives a Redis data loss, and keeps what Redis refused for later', async () => {
    const state = FileBaselineStore.inDir(join(dir, 'state'));
    let down = false;
    const flaky: Pick<SecurityRepo, 'write' | 'latestPorts' | 'latestFiles'> = {
      write: (b) => (down ? Promise.reject(new Error('Redis is away')) : repo.write(b)),
      latestPorts: (h) => repo.latestPorts(h),
      latestFiles: (h) => repo.latestFiles(h),
    };
    const collector = createSnapshotCollector({ host: 'agent-1', config, state, repo: flaky, log });
    const first = await collector.tick();
    expect(first).toMatchObject({ portChanges: 0, fileChanges: 0, written: 1, pending: 0 });

    const server = await listen('0.0.0.0');
    writeFileSync(watched, 'root ALL=(ALL) ALL\nmallory ALL=(ALL) NOPASSWD: ALL\n');
    const second = await collector.tick();
    const p = await repo.period({ host: 'agent-1', from: first.time, to: Date.now() + 1 });
    const mine = p.portChanges.filter((c) => c.port === portOf(server));
    expect(mine).toMatchObject([{ change: 'new', proto: 'tcp', exposed: true, after: { pid: process.pid } }]);
    expect(mine[0]?.time).toBeGreaterThanOrEqual(second.time);
    expect(p.fileChanges).toMatchObject([{ path: watched, change: 'modified', fields: ['content'] }]);
    expect(p.fileChanges[0]?.detectedAt).toBeGreaterThanOrEqual(second.time);
    expect(p.ports?.since).toBe(first.time);
    expect(p.logins).toMatchObject({ problem: `${join(dir, 'no-utmp')} missing` });

    // Redis forgets everything: the local state still knows the port, so it is not "new" again.
    await cleanupPrefix(prefix);
    const third = await collector.tick();
    const after = await repo.period({ host: 'agent-1', from: third.time, to: Date.now() + 1 });
    expect(after.portChanges.filter((c) => c.port === portOf(server))).toEqual([]);

    // Redis away: the change waits in the agent's state and is written once when it is back.
    down = true;
    const port = portOf(server);
    await close(server);
    const fourth = await collector.tick();
    expect(fourth).toMatchObject({ written: 0, pending: 1 });
    down = false;
    const fifth = await collector.tick();
    expect(fifth).toMatchObject({ written: 2, pending: 0 });
    const gone = await repo.period({ host: 'agent-1', from: fourth.time, to: Date.now() + 1 });
    const goneChanges = gone.portChanges.filter((c) => c.port === port);
    expect(goneChanges).toMatchObject([{ change: 'gone' }]);
    expect(goneChanges[0]?.time).toBeLessThan(fifth.time);
  });

  it('a new agent with no local state compares with the snapshot Redis holds', async () => {
    const server = await listen('127.0.0.1');
    const port = portOf(server);
    try {
      const a = createSnapshotCollector({ host: 'agent-2', config, state: FileBaselineStore.inDir(join(dir, 'a2')), repo, log });
      const t1 = await a.tick();
      // Same host, its state directory lost: Redis's latest snapshot is the baseline.
      const b = createSnapshotCollector({ host: 'agent-2', config, state: FileBaselineStore.inDir(join(dir, 'a2-new')), repo, log });
      await close(server);
      const t2 = await b.tick();
      const p = await repo.period({ host: 'agent-2', from: t1.time, to: Date.now() + 1 });
      expect(t2.written).toBe(1);
      expect(p.portChanges.filter((c) => c.port === port)).toMatchObject([{ change: 'gone', exposed: false }]);
    } finally {
      if (server.listening) await close(server);
    }
  });
});
