import { mkdtempSync } from 'node:fs';
import { createCheckStore } from '../../../src/checks/check-store.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHostChecks, type ChecksDeps } from '../../../src/checks/run-host-checks.js';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';
import { ZChecksConfig } from '../../../src/config/checks-schema.js';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedis, type Redis } from '../../../src/queue/redis-connection.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createRedisSeriesStore } from '../../../src/store/index.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const MIN = 60_000;

// Real probes against a real port, real Redis and series store; only the clock is ours, so a
// quarter hour of history takes a second and the numbers can be checked exactly.
describe('state history and availability from Redis', () => {
  const prefix = testPrefix();
  let redis: Redis;
  let server: Server | null = null;
  let port = 0;
  const up = async () => {
    server = createServer((s) => s.end());
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  };
  const down = async () => {
    const s = server;
    server = null;
    if (s) await new Promise((r) => s.close(r));
  };

  beforeAll(async () => {
    redis = createRedis(TEST_REDIS_URL);
    await up();
  });
  afterAll(async () => {
    await down();
    await redis.quit();
    await cleanupPrefix(prefix);
  });

  it('records transitions and counts retries, gaps and maintenance as stated', async () => {
    const t0 = Math.floor(Date.now() / MIN) * MIN - 20 * MIN;
    const at = (k: number) => t0 + k * MIN;
    const checks = ZChecksConfig.parse([{ name: 'db', kind: 'tcp', host: '127.0.0.1', port, interval: '1m', retries: 1 }]);
    const store = createRedisSeriesStore({ redis, prefix, retention: { rawMs: 2 * 86_400_000, minuteMs: 35 * 86_400_000, hourMs: 400 * 86_400_000 } });
    const deps: ChecksDeps = {
      config: { hostId: 'db-1', host: { tags: [] }, checks, paths: { data: mkdtempSync(join(tmpdir(), 'checkup-state-')) } },
      checkStore: createCheckStore({ redis, prefix }),
      hosts: createHostRepo({ redis, prefix }),
      store,
      log: silentLogger(),
    };
    // Up 0–3, down 4–6 (the first failure is a retry), up 7, no results 8–10 (agent stopped), up 11–14.
    for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14]) {
      if (k === 4) await down();
      if (k === 7) await up();
      const out = await runHostChecks({ deps, now: () => at(k) });
      expect(out.ran).toEqual(['db']);
    }
    const maintenance = ZAlertsConfig.parse({
      maintenance: [{ name: 'upgrade', checks: ['db'], from: new Date(at(12)).toISOString(), to: new Date(at(13)).toISOString() }],
    }).maintenance;
    const reader = createCheckStateReader({ store: createCheckStore({ redis, prefix }), checks, maintenance, now: () => at(15) });

    const transitions = await reader.transitions({ host: 'db-1', from: at(0), to: at(15) });
    expect(transitions.map((t) => [t.from, t.to, (t.t - t0) / MIN])).toEqual([
      [null, 'ok', 0],
      ['ok', 'fail', 5],
      ['fail', 'ok', 7],
    ]);

    const [a] = await reader.availability({ host: 'db-1', from: at(0), to: at(15) });
    expect(a).toMatchObject({ check: 'db', okMs: 9 * MIN, warnMs: 0, failMs: 2 * MIN, maintenanceMs: MIN, noDataMs: 3 * MIN });
    expect(a!.availabilityPct).toBeCloseTo((9 / 11) * 100, 9);
    expect(a!.incidents).toEqual([{ from: at(5), to: at(7), status: 'fail', message: `127.0.0.1:${port}: connection refused` }]);
    expect(a!.accounting).toContain('from the 2nd failure in a row (retries: 1)');
    expect(a!.accounting).toContain('1m inside maintenance windows was excluded');
    expect(a!.accounting).toContain('3m without data');

    const latest = await reader.latest('db-1');
    expect(latest.map((r) => [r.check, r.status, r.t])).toEqual([['db', 'ok', at(14)]]);
    // The status series went to the series store too: 0 ok, 2 fail.
    const series = await store.range({ host: 'db-1', metric: 'check.status', labels: { check: 'db' }, from: at(0), to: at(15), step: MIN });
    const values = series[0]!.points.filter((p) => p.v !== null).map((p) => p.v);
    expect(values).toEqual([0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0]);
  });
});
