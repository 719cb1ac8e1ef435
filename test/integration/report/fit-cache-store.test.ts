import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { forecastWithCache, fromWarmStart } from '../../../src/analyze/index.js';
import { createFitCacheStore } from '../../../src/report/fit-cache-store.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

describe('forecast fits kept in Redis', () => {
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL);
  afterAll(async () => {
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('lets the next worker warm-start the same series, and drops stale fits', async () => {
    const store = createFitCacheStore({ redis, prefix });
    const values = Array.from({ length: 200 }, (_, i) => 50 + 10 * Math.sin((i / 24) * 2 * Math.PI) + (i % 7) * 0.3);
    const timestamps = values.map((_, i) => i * 3_600_000);
    const first = await store.load();
    const cold = forecastWithCache({ seriesId: 'h|cpu.total', cache: first.cache, values, timestamps, horizon: 24 });
    expect(fromWarmStart(cold.selection.strategy)).toBe(false);
    await store.save(first.cache, first.touched);

    const second = await store.load();
    expect(second.touched.size).toBe(0);
    const warm = forecastWithCache({ seriesId: 'h|cpu.total', cache: second.cache, values, timestamps, horizon: 24 });
    // The same data: the stored parameters apply as they are.
    expect(warm.selection.strategy).toBe('reused');
    expect(warm.params).toEqual(cold.params);
    expect(warm.model).toBe(cold.model);

    const [key, entry] = second.cache.export()[0]!;
    await redis.hset(`${prefix}:forecast:fits`, key, JSON.stringify({ ...entry, updatedAt: Date.now() - 40 * 86_400_000 }));
    expect((await store.load()).cache.size).toBe(0);
  });
});
