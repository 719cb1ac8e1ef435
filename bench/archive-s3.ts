/**
 * Archive bench, filesystem against S3 (s3rver on 127.0.0.1:7290-7299): `npm run bench:archive`.
 * Uses its own Redis key prefix on REDIS_URL (default 127.0.0.1:6379) for the chain anchor and the
 * S3 writer lease, deletes its keys and files at the end, and prints one JSON object on the last line.
 *
 * Per archived report (a 200 KiB PDF, a 50 KiB HTML, a 20 KiB JSON; BENCH_ARCHIVE_N reports):
 * - `put`: the whole `archive.put` (file uploads, the writer lock, reading the manifest, the chain
 *   append, the anchor in Redis), on a directory and on S3;
 * - `chainAppend`: the part under the lock alone, timed by wrapping the storage's `withLock`;
 * - the two single-writer schemes' own cost on S3: a Redis lease acquired and released, and one
 *   conditional PUT (`If-None-Match: *`); and whether the server honours that PUT (a second one on
 *   the same key must fail with 412).
 */
import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createArchive, createFsStorage, createRedisAnchor, openArchiveStorage, type ArchiveStorage } from '../src/archive/index.js';
import { createS3Client } from '../src/archive/s3-storage.js';
import { parseConfig } from '../src/config/load-config.js';
import { createRedisLeases } from '../src/redis/lease.js';
import { startLocalS3 } from '../test/utils/s3rver.js';

const N = Number(process.env.BENCH_ARCHIVE_N ?? 40);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
const prefix = `checkup-bench-${randomUUID().slice(0, 8)}`;
const log = (msg: string) => console.error(`[bench:archive] ${msg}`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const stats = (xs: number[]) => ({ p50: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)), max: round(Math.max(...xs)) });

/** Times each `withLock` section (the chain append) besides the whole put. */
function timed(storage: ArchiveStorage, lockMs: number[]): ArchiveStorage {
  return {
    ...storage,
    withLock: async (fn) => {
      const t0 = performance.now();
      try {
        return await storage.withLock(fn);
      } finally {
        lockMs.push(performance.now() - t0);
      }
    },
  };
}

async function run(name: string, storage: ArchiveStorage, anchorPrefix: string) {
  const lockMs: number[] = [];
  const archive = createArchive(timed(storage, lockMs), { anchor: createRedisAnchor({ redis, prefix: anchorPrefix }) });
  const putMs: number[] = [];
  for (let i = 0; i < N; i++) {
    const files = { pdf: randomBytes(200 * 1024), html: randomBytes(50 * 1024), json: randomBytes(20 * 1024) };
    const t0 = performance.now();
    await archive.put({ reportId: `r${i}`, name: 'daily', period: { from: i * 86_400_000, to: (i + 1) * 86_400_000 }, hosts: ['web-1'], files });
    putMs.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const verified = await archive.verify();
  const verifyMs = performance.now() - t0;
  if (!verified.ok) throw new Error(`${name}: verify failed: ${JSON.stringify(verified.problems.slice(0, 3))}`);
  log(`${name}: put p50 ${round(quantile(putMs, 0.5))} ms, chain append p50 ${round(quantile(lockMs, 0.5))} ms, verify ${round(verifyMs)} ms`);
  return { putMs: stats(putMs), chainAppendMs: stats(lockMs), verifyMs: round(verifyMs), entries: verified.entries };
}

async function main() {
  const s3 = await startLocalS3({ ports: [7290, 7299] });
  const dir = mkdtempSync(join(tmpdir(), 'checkup-bench-archive-'));
  try {
    const fs = await run('filesystem', createFsStorage(dir), `${prefix}-fs`);
    const raw = { dataDir: dir, redis: { prefix }, archive: { s3: { endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'bench', forcePathStyle: true } } };
    const config = parseConfig({ raw, env: s3.env, source: 'bench', baseDir: dir });
    const leases = createRedisLeases({ redis });
    const store = openArchiveStorage({ config, leases });
    const onS3 = await run('s3rver', store.storage, prefix);
    store.close();

    // The two schemes' own step, alone: a lease round trip, and one conditional PUT.
    const leaseMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const got = await leases.tryAcquire({ key: `${prefix}:bench:lease`, ttlMs: 15_000 });
      await got.lease?.release();
      leaseMs.push(performance.now() - t0);
    }
    const client = createS3Client(config.archive.s3!);
    const condMs: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `cond/${i}.json`, Body: '{}', IfNoneMatch: '*' }));
      condMs.push(performance.now() - t0);
    }
    let honoured = false;
    try {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'cond/0.json', Body: '{"second":true}', IfNoneMatch: '*' }));
    } catch (err) {
      honoured = err instanceof S3ServiceException && err.$metadata.httpStatusCode === 412;
    }
    client.destroy();
    log(`s3rver honours If-None-Match on PUT: ${honoured}`);
    const result = {
      bench: 'archive',
      reports: N,
      files: 'pdf 200 KiB + html 50 KiB + json 20 KiB',
      filesystem: fs,
      s3rver: onS3,
      leaseAcquireReleaseMs: stats(leaseMs),
      conditionalPutMs: stats(condMs),
      s3rverHonoursIfNoneMatchOnPut: honoured,
    };
    console.log(JSON.stringify(result));
  } finally {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

await main();
