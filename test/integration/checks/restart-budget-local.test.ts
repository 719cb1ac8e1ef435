import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStore } from '../../../src/checks/check-store.js';
import { runHostChecks, type ChecksDeps } from '../../../src/checks/run-host-checks.js';
import { ZChecksConfig } from '../../../src/config/checks-schema.js';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedis, type Redis } from '../../../src/queue/redis-connection.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const HOUR = 3_600_000;

// A failing service with a budget of 2 restarts an hour, driven tick by tick with a chosen clock.
// "Redis lost its data" is played by deleting every key of this test's prefix.
describe('restart budgets kept in the agent data dir', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-budget-'));
  const log = join(dir, 'restarts.log');
  let redis: Redis;
  let deps: ChecksDeps;

  beforeAll(() => {
    redis = createRedis(TEST_REDIS_URL, { name: 'budget-test' });
    const checks = ZChecksConfig.parse([
      {
        name: 'svc',
        kind: 'command',
        command: ['/bin/false'],
        interval: '1s',
        restart: {
          command: [process.execPath, '-e', "require('node:fs').appendFileSync(process.argv[1], 'restart\\n')", log],
          grace: '1s',
          budget: { max: 2, window: '1h' },
          backoff: { initial: '1s', max: '1s' },
        },
      },
    ]);
    deps = {
      config: { hostId: 'app-9', host: { tags: [] }, checks, paths: { data: join(dir, 'data') } },
      checkStore: createCheckStore({ redis, prefix }),
      hosts: createHostRepo({ redis, prefix }),
      log: silentLogger(),
    };
  });
  afterAll(async () => {
    await redis.quit();
    await cleanupPrefix(prefix);
  });

  const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

  it('does not hand a crash-looping service a fresh budget after Redis lost its data', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await runHostChecks({ deps, now: () => t0 + i * 3_000 });
    expect(runs()).toBe(2);
    const store = createCheckStore({ redis, prefix });
    expect((await store.states('app-9')).get('svc')?.restart.exhaustedAt).not.toBeNull();

    await cleanupPrefix(prefix);
    expect((await store.states('app-9')).size).toBe(0);
    for (let i = 6; i < 9; i++) await runHostChecks({ deps, now: () => t0 + i * 3_000 });
    expect(runs()).toBe(2);
    const state = (await store.states('app-9')).get('svc');
    expect(state?.restart.exhaustedAt).not.toBeNull();
    expect(state?.restart.lastAt).toBe(t0 + 3_000);
    // The history Redis lost is written back from the local copy, for reports and the budget alert.
    const back = await store.restarts({ host: 'app-9', from: 0, to: t0 + HOUR });
    expect(back.map((r) => [r.t - t0, r.recovered])).toEqual([
      [0, false],
      [3_000, false],
    ]);

    // The budget is a sliding window: an hour after the first restart it allows one again.
    await runHostChecks({ deps, now: () => t0 + HOUR + 1_000 });
    expect(runs()).toBe(3);
  });
});
