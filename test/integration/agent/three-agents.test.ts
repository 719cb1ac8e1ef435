import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

// Several agents, one store: each host's series stay its own.
describe('three agents against one Redis', () => {
  const prefix = testPrefix();
  const hosts = ['alpha', 'bravo', 'charlie'];
  const runtimes: AppRuntime[] = [];
  const agents: Array<Awaited<ReturnType<typeof startAgentRole>>> = [];
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await Promise.all(runtimes.map((r) => r.close()));
    await cleanupPrefix(prefix);
  });

  it('shows all three hosts, each with intact series under its own hash tag', async () => {
    for (const id of hosts) {
      const rt = createRuntime({
        config: testConfig({ prefix, raw: { host: { id }, agent: { interval: '1s' } } }),
        log: silentLogger(),
        redisUrl: TEST_REDIS_URL,
      });
      runtimes.push(rt);
      agents.push(await startAgentRole(rt));
    }
    const { deps } = runtimes[0]!;
    const samples = async (host: string) =>
      (await deps.store.range({ host, metric: 'mem.used_pct', from: Date.now() - 60_000, to: Date.now(), step: 1_000 }))[0]?.points.filter((p) => p.v !== null)
        .length ?? 0;
    await expect.poll(async () => Math.min(...(await Promise.all(hosts.map(samples)))), { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(4);

    expect(await deps.hosts.list()).toEqual(hosts);
    const seriesCounts = await Promise.all(hosts.map(async (h) => (await deps.store.listSeries(h)).length));
    // Same machine, same probes: every agent wrote the same set of series, none lost to another.
    expect(new Set(seriesCounts).size).toBe(1);
    expect(seriesCounts[0]).toBeGreaterThan(10);
    for (const h of hosts) {
      const s = (await deps.store.range({ host: h, metric: 'cpu.total', from: Date.now() - 60_000, to: Date.now(), step: 1_000 })).map((x) => x.id.host);
      expect(new Set(s)).toEqual(new Set([h]));
    }

    const redis = new Redis(TEST_REDIS_URL);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    redis.disconnect();
    const tagged = keys.filter((k) => k.includes('{h:'));
    for (const h of hosts) expect(tagged.some((k) => k.includes(`{h:${h}}`))).toBe(true);
    // A key never carries two hosts' tags.
    expect(tagged.every((k) => (k.match(/\{h:/g) ?? []).length === 1)).toBe(true);
  });
});
