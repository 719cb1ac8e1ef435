/**
 * Closed-chunk bytes of the real-agent recordings through another checkout's store, for a
 * before/after beside bench:store's `real` section:
 *
 *   BASELINE_SRC=/path/to/other/checkout/src npx tsx bench/store-real-baseline.ts
 *
 * Uses its own key prefix on REDIS_URL and deletes its keys; the last line is one JSON object.
 * The other store must write raw chunks this checkout can decode (format 0x01 or 0x03).
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisSeriesStore } from '../src/store/index.js';
import { closedChunkBytes, loadRecording, replay } from './agent-replay.js';

type StoreModule = { createRedisSeriesStore: (o: { redis: Redis; prefix: string; retention: Record<string, number> }) => RedisSeriesStore };
type KeysModule = { hostTag: (host: string) => string };

const DAY = 86_400_000;
const src = resolve(process.env.BASELINE_SRC ?? 'src');
const { createRedisSeriesStore } = (await import(`${src}/store/index.ts`)) as StoreModule;
const { hostTag } = (await import(`${src}/store/keys.ts`)) as KeysModule;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
const prefix = `checkup-bench-${randomUUID()}`;
const store = createRedisSeriesStore({ redis, prefix, retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
const out: Record<string, string | number> = { baseline_src: src };
const round = (x: number) => Math.round(x * 1000) / 1000;
try {
  for (const tag of ['10s', '2s']) {
    const snaps = loadRecording(`bench/fixtures/agent-samples-${tag}`);
    if (snaps === null) continue;
    for (const stored of [true, false]) {
      const host = `real-${tag}-${stored ? 'stored' : 'full'}`;
      await replay(store, host, snaps, stored);
      const b = await closedChunkBytes(redis, prefix, hostTag(host));
      const key = `baseline_real_${tag}${stored ? '' : '_full_precision'}`;
      out[`${key}_bytes_per_sample`] = round(b.memory / b.samples);
      out[`${key}_bytes_per_sample_encoded_only`] = round(b.encoded / b.samples);
    }
  }
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
console.log(JSON.stringify(out));
