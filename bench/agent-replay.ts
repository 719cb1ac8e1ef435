import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { findMetric, storedValue } from '../src/metrics/index.js';
import { decodeRawChunk } from '../src/store/codec/raw-chunk.js';
import { parseSeriesName } from '../src/store/series-key.js';
import type { RedisSeriesStore } from '../src/store/index.js';
import type { Point } from '../src/store/types.js';

/** One recorded snapshot: collection time and the store's series name -> value. */
export type RecordedSnapshot = { t: number; p: Record<string, number> };

/** Reads a recording of bench/record-agent-samples.ts (`.ndjson.gz`, or a run still going as `.ndjson`). */
export function loadRecording(base: string): RecordedSnapshot[] | null {
  const gz = `${base}.ndjson.gz`;
  const plain = `${base}.ndjson`;
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : existsSync(plain) ? readFileSync(plain, 'utf8') : null;
  if (text === null) return null;
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as RecordedSnapshot);
}

/**
 * The recording as the agent sends it: one append per snapshot. Recordings hold the collector's
 * full doubles; `stored` applies the agent's stored precision (snapshotToPoints does the same).
 */
export async function replay(store: RedisSeriesStore, host: string, snaps: readonly RecordedSnapshot[], stored: boolean): Promise<void> {
  const ids = new Map<string, ReturnType<typeof parseSeriesName>>();
  for (const s of snaps) {
    const points: Point[] = [];
    for (const [name, v] of Object.entries(s.p)) {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = parseSeriesName(host, name)));
      const def = stored ? findMetric(id.metric) : undefined;
      points.push({ metric: id.metric, labels: id.labels, t: s.t, v: def ? storedValue(def, v) : v });
    }
    await store.append(host, points);
  }
}

/**
 * Closed raw chunks of a host as Redis holds them: MEMORY USAGE of the chunk hashes (SAMPLES 0,
 * every field counted; includes each hash's own key and table) and the chunk values' own length
 * (HSTRLEN, i.e. the encoded bytes), both per closed sample.
 */
export async function closedChunkBytes(
  redis: Redis,
  prefix: string,
  hostTag: string,
): Promise<{ memory: number; encoded: number; samples: number; chunks: number }> {
  let cursor = '0';
  const keys: string[] = [];
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:${hostTag}:c:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  let memory = 0;
  let encoded = 0;
  let samples = 0;
  let chunks = 0;
  for (const k of keys) {
    memory += Number(await redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0')) || 0;
    for (const c of await redis.hvalsBuffer(k)) {
      samples += decodeRawChunk(c).n;
      encoded += c.length;
      chunks += 1;
    }
  }
  return { memory, encoded, samples, chunks };
}
