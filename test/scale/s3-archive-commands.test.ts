import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive, createRedisAnchor, openArchiveStorage, type ManifestEntry } from '../../src/archive/index.js';
import { createS3Client, manifestKey } from '../../src/archive/s3-storage.js';
import { parseConfig, type AppConfig } from '../../src/config/load-config.js';
import { createRedisLeases } from '../../src/redis/lease.js';
import { runCli } from '../utils/run-cli.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { startLocalS3, type LocalS3 } from '../utils/s3rver.js';

const HOUR = 3_600_000;

// `checkup archive list|get|verify|prune` and retention on a real S3-compatible server (s3rver),
// the chain anchored in a real Redis: the same answers as on a directory, and an object changed
// or deleted behind Checkup's back (through the S3 API, as anyone with the bucket's keys could) is named.
describe('the archive on S3: commands, retention, tamper detection', () => {
  let s3: LocalS3;
  let redis: Redis;
  let dir: string;
  let configFile: string;
  let config: AppConfig;
  let env: Record<string, string>;
  const prefix = testPrefix();

  beforeAll(async () => {
    s3 = await startLocalS3({ ports: [7200, 7249] });
    redis = new Redis(TEST_REDIS_URL);
    dir = mkdtempSync(join(tmpdir(), 'checkup-s3-cli-'));
    const raw = {
      dataDir: dir,
      log: { level: 'silent' },
      redis: { url: TEST_REDIS_URL, prefix, embedded: false },
      archive: { s3: { endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'team-a/checkup', forcePathStyle: true } },
    };
    configFile = join(dir, 'checkup.yml');
    writeFileSync(configFile, JSON.stringify(raw));
    env = { ...s3.env, CHECKUP_CONFIG: configFile };
    config = parseConfig({ raw, env: s3.env, source: 'test', baseDir: dir });
  });
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const openWriter = () => {
    const store = openArchiveStorage({ config, leases: createRedisLeases({ redis }) });
    return { store, archive: createArchive(store.storage, { anchor: createRedisAnchor({ redis, prefix }) }) };
  };
  const cli = (...args: string[]) => runCli(['archive', ...args], { env });
  const client = () => createS3Client(config.archive.s3!);
  const key = (e: ManifestEntry, kind: string) => `team-a/checkup/objects/${e.files![kind]!.sha256.slice(0, 2)}/${e.files![kind]!.sha256}.${kind}`;

  it('two writers in turn and at once keep one chain; list, get and verify read it from S3', async () => {
    const a = openWriter();
    const b = openWriter();
    const put = (w: typeof a, i: number) =>
      w.archive.put({
        reportId: `r${i}`,
        name: 'daily',
        period: { from: Date.UTC(2026, 10, i + 1), to: Date.UTC(2026, 10, i + 2) },
        hosts: ['web-1'],
        files: { pdf: Buffer.from(`%PDF-1.7 report ${i}`), html: Buffer.from(`<p>${i}</p>`) },
      });
    // Two stores with their own clients and leases, racing: the lease makes them take turns.
    const entries = await Promise.all(Array.from({ length: 8 }, (_, i) => put(i % 2 ? a : b, i)));
    expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // A second put of a report already archived returns its entry and writes nothing.
    expect((await put(a, 3)).id).toBe(entries[3]!.id);
    a.store.close();
    b.store.close();

    const list = await cli('list', '--json');
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ reportId: string }>).map((e) => e.reportId).sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    const got = await cli('get', 'r2', '--json');
    expect(got.status, got.stderr).toBe(0);
    const paths = (JSON.parse(got.stdout) as { paths: Record<string, string> }).paths;
    expect(paths.pdf).toBe(`s3://${s3.bucket}/${key(entries[2]!, 'pdf')}`);
    const ok = await cli('verify');
    expect(ok.stdout, ok.stderr).toContain('archive OK: 8 entries, chain and files intact, checked against the head anchored in Redis (#8)');
    expect(ok.status).toBe(0);
  });

  it('retention prunes on S3 as on disk: files go, the entry and its hash stay, and the chain verifies', async () => {
    const w = openWriter();
    const r0 = (await w.archive.find('r0'))[0]!;
    const due = await w.archive.prune({ now: Date.now() + 2 * HOUR, retentionFor: (e) => (e.reportId === 'r0' ? HOUR : null), reason: 'test' });
    expect(due.map((e) => e.reportId)).toEqual(['r0']);
    expect(await w.archive.readFile(r0, 'pdf')).toBeNull();
    w.store.close();
    const list = JSON.parse((await cli('list', '--json')).stdout) as Array<{ reportId: string; pruned: boolean }>;
    expect(list.find((e) => e.reportId === 'r0')?.pruned).toBe(true);
    const ok = await cli('verify');
    expect(ok.stdout).toContain('archive OK: 9 entries');
    // Nothing is older than a real hour yet: the command itself prunes nothing.
    const dry = await cli('prune', '--dry-run');
    expect(dry.stdout).toContain('0 entries due');
  });

  it('names a file changed and a file deleted behind its back, and a manifest entry changed or deleted', async () => {
    const w = openWriter();
    const [r1, r2, r4, r5] = await Promise.all(['r1', 'r2', 'r4', 'r5'].map(async (r) => (await w.archive.find(r))[0]!));
    w.store.close();
    const s = client();
    const Bucket = s3.bucket;
    try {
      await s.send(new PutObjectCommand({ Bucket, Key: key(r1!, 'pdf'), Body: Buffer.from('%PDF-1.7 rewritten') }));
      await s.send(new DeleteObjectCommand({ Bucket, Key: key(r2!, 'html') }));
      const files = await cli('verify');
      expect(files.status).toBe(1);
      expect(files.stdout).toContain(`entry ${r1!.id}: pdf file ${r1!.files!.pdf!.sha256} does not match its hash (modified)`);
      expect(files.stdout).toContain(`entry ${r2!.id}: html file ${r2!.files!.html!.sha256} is missing (deleted)`);

      const mk = (e: ManifestEntry) => `team-a/checkup/${manifestKey(JSON.stringify(e))}`;
      const line = await (await s.send(new GetObjectCommand({ Bucket, Key: mk(r4!) }))).Body!.transformToString();
      await s.send(new PutObjectCommand({ Bucket, Key: mk(r4!), Body: line.replace('"web-1"', '"web-9"') }));
      await s.send(new DeleteObjectCommand({ Bucket, Key: mk(r5!) }));
      const chain = await cli('verify');
      expect(chain.status).toBe(1);
      expect(chain.stdout).toContain(`entry ${r4!.id}: entry content does not match its hash (modified)`);
      expect(chain.stdout).toContain(`entries #${r5!.seq} are anchored in Redis but missing from the manifest (deleted)`);
    } finally {
      s.destroy();
    }
  });
});
