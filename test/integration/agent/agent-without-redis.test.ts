import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedisSeriesStore } from '../../../src/store/index.js';
import { startTestRedisServer, type TestRedisServer } from '../../utils/redis-server.js';
import { queuePrefix } from '../../../src/queue/queue-names.js';
import { configOnlyEnv } from '../../utils/agent-process.js';
import { spooledTimes } from '../../utils/spool-times.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const HOST = 'no-redis-1';
const PREFIX = 'checkup-test-agent-no-redis';

// Issue #11.16c: `checkup agent` exited 1 when Redis was down at start, though the spool exists
// for exactly that case. The real CLI, then a real redis-server started after it.
describe('checkup agent started while Redis is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-agent-no-redis-'));
  let server: TestRedisServer | undefined;
  let agent: ChildProcess | undefined;
  afterAll(async () => {
    agent?.kill('SIGKILL');
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running and spooling, then flushes and registers its schedule, host info and tags when Redis appears', async () => {
    mkdirSync(join(dir, 'redis'));
    server = await startTestRedisServer(join(dir, 'redis'), { startNow: false });
    const data = join(dir, 'data');
    const config = join(dir, 'checkup.yml');
    writeFileSync(
      config,
      `redis:\n  url: ${server.url}\n  prefix: ${PREFIX}\n  embedded: false\ndataDir: ${data}\nlog:\n  level: warn\nhost:\n  id: ${HOST}\n  tags: [edge]\nagent:\n  interval: 1s\n`,
    );
    let stderr = '';
    agent = spawn(process.execPath, [...CLI, '--config', config, 'agent'], { env: configOnlyEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    agent.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => agent!.once('exit', (code) => r(code)));

    const spool = join(data, 'spool');
    await expect.poll(() => spooledTimes(spool).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(4);
    expect(agent.exitCode, stderr).toBeNull();
    const spooled = spooledTimes(spool);

    await server.start();
    await expect.poll(() => spooledTimes(spool).length, { timeout: 30_000, interval: 250 }).toBe(0);
    const redis = new Redis(server.url);
    const queue = new Queue(`collect-${HOST}`, { connection: redis, prefix: queuePrefix(PREFIX, `collect-${HOST}`) });
    try {
      const store = createRedisSeriesStore({ redis, prefix: PREFIX, retention: { rawMs: 86_400_000, minuteMs: 86_400_000, hourMs: 86_400_000 } });
      const [series] = await store.range({ host: HOST, metric: 'mem.used_pct', from: Math.min(...spooled) - 1, to: Date.now(), step: 1 });
      const stored = new Set((series?.points ?? []).filter((p) => p.v !== null).map((p) => p.t));
      expect(spooled.filter((t) => !stored.has(t))).toEqual([]);
      // Registered once the agent's queue connection is back (it retries on its own backoff).
      await expect.poll(async () => Boolean(await queue.getJobScheduler(`collect:${HOST}`)), { timeout: 15_000, interval: 250 }).toBe(true);
      const record = await createHostRepo({ redis, prefix: PREFIX }).get(HOST);
      expect(record?.info?.kernel).toBeTruthy();
      expect(record?.tags).toEqual(['edge']);
      // It said why it started without Redis; it did not exit.
      expect(stderr).not.toContain('REDIS_UNAVAILABLE');
    } finally {
      await queue.close();
      redis.disconnect();
    }
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
