import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createArchive,
  createFsStorage,
  createRedisAnchor,
  sealEntry,
  type Archive,
  type ChainAnchor,
  type ManifestEntry,
} from '../../../src/archive/index.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

// #12 item 3: the manifest alone cannot show a cut tail, since the lines left still chain. The
// chain as anchored in Redis (every entry's hash, and the head) and as witnessed by deliveries can.
describe('archive chain anchored outside the archive', () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let dir: string;
  let anchor: ChainAnchor;
  let archive: Archive;
  let entries: ManifestEntry[];
  const manifest = () => join(dir, 'manifest.jsonl');
  const lines = () => readFileSync(manifest(), 'utf8').trimEnd().split('\n');
  const writeLines = (l: string[]) => writeFileSync(manifest(), `${l.join('\n')}\n`);
  const put = (a: Archive, i: number) =>
    a.put({
      reportId: `r${i}`,
      name: 'daily',
      period: { from: Date.UTC(2026, 10, i + 1), to: Date.UTC(2026, 10, i + 2) },
      hosts: ['web-1'],
      files: { pdf: Buffer.from(`%PDF-1.7 report ${i}`) },
    });

  beforeEach(async () => {
    prefix = testPrefix();
    dir = mkdtempSync(join(tmpdir(), 'checkup-anchor-'));
    anchor = createRedisAnchor({ redis, prefix });
    archive = createArchive(createFsStorage(dir), { anchor });
    entries = [];
    for (let i = 0; i < 4; i++) entries.push(await put(archive, i));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cleanupPrefix(prefix);
  });
  afterAll(() => redis.disconnect());

  it('anchors every entry and the head; a clean archive verifies against them', async () => {
    expect(await anchor.head()).toEqual({ seq: 4, hash: entries[3]!.hash });
    expect([...(await anchor.all()).entries()]).toEqual(entries.map((e) => [e.seq, e.hash]));
    const r = await archive.verify();
    expect(r).toMatchObject({ ok: true, entries: 4, problems: [], notes: [], head: { seq: 4, hash: entries[3]!.hash }, anchored: { seq: 4 } });
  });

  it("names the entries of a cut tail (sed -i '$d' manifest.jsonl, and two lines)", async () => {
    writeLines(lines().slice(0, -1));
    let r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      {
        line: null,
        id: null,
        problem: expect.stringMatching(
          /^entries #4 are missing: the chain head anchored in Redis is #4 \([0-9a-f]{12}…\) but the manifest ends at #3 \(its tail was cut\)$/,
        ),
      },
    ]);
    writeLines(lines().slice(0, -1));
    r = await archive.verify();
    expect(r.problems.map((p) => p.problem)).toEqual([expect.stringContaining('entries #3–#4 are missing')]);
  });

  it('names a chain rewritten from an entry on, even when every rewritten line chains', async () => {
    const l = lines().map((x) => JSON.parse(x) as ManifestEntry);
    let prev = l[1]!.hash;
    const rewritten = l.map((e, i) => {
      if (i < 2) return e;
      const { hash: _h, id: _i, ...body } = e;
      const sealed = sealEntry({ ...body, prev, hosts: ['evil'] });
      prev = sealed.hash;
      return sealed;
    });
    writeLines(rewritten.map((e) => JSON.stringify(e)));
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.line, p.problem.replace(/\(.*\)/, '()')])).toEqual([
      [3, 'entry #3 does not match the hash anchored in Redis (): the chain was rewritten from here'],
      [4, 'entry #4 does not match the hash anchored in Redis (): the chain was rewritten from here'],
    ]);
  });

  it('names an entry appended to the manifest by someone else, chained correctly', async () => {
    const last = entries[3]!;
    const forged = sealEntry({
      v: 1,
      seq: 5,
      kind: 'report',
      prev: last.hash,
      createdAt: new Date().toISOString(),
      reportId: 'forged',
      name: 'daily',
      period: last.period,
      hosts: ['web-1'],
      files: {},
    });
    writeLines([...lines(), JSON.stringify(forged)]);
    const r = await archive.verify();
    expect(r.problems).toEqual([{ line: 5, id: forged.id, problem: expect.stringContaining('entry #5 is not anchored in Redis') }]);
  });

  it('keeps the evidence: an archive appended to after a cut keeps the anchored hashes and names the difference', async () => {
    writeLines(lines().slice(0, -1));
    const again = await put(archive, 9);
    expect(again.seq).toBe(4);
    expect((await anchor.all()).get(4)).toBe(entries[3]!.hash);
    const r = await archive.verify();
    expect(r.problems.map((p) => p.problem)).toEqual([expect.stringContaining('entry #4 does not match the hash anchored in Redis')]);
  });

  it('without an anchor, a witness (a delivery, an email footer) still names a cut tail', async () => {
    writeLines(lines().slice(0, -1));
    const bare = createArchive(createFsStorage(dir));
    const clean = await bare.verify();
    expect(clean.ok).toBe(true);
    expect(clean.notes).toEqual([expect.stringContaining('a cut tail cannot be seen')]);
    const witnessed = await bare.verify({
      witnesses: [
        { seq: 4, hash: entries[3]!.hash, source: 'the delivery of report r3' },
        { seq: 4, hash: entries[3]!.hash, source: 'the delivery of report r3b' },
      ],
    });
    expect(witnessed.problems).toEqual([
      {
        line: null,
        id: null,
        problem: expect.stringMatching(
          /^entry #4, which the delivery of report r3 \(and 1 more\) saw as the chain head \([0-9a-f]{12}…\), is missing: the manifest ends at #3/,
        ),
      },
    ]);
  });

  it('an archive that predates anchoring is anchored as found with its next entry; prune entries are anchored too', async () => {
    await cleanupPrefix(prefix);
    expect(await anchor.head()).toBeNull();
    expect((await archive.verify()).notes).toEqual([expect.stringContaining('no chain head is anchored in Redis yet')]);
    const fifth = await put(archive, 4);
    expect([...(await anchor.all()).keys()]).toEqual([1, 2, 3, 4, 5]);
    await archive.prune({ now: Date.now() + 86_400_000, retentionFor: (e) => (e.reportId === 'r0' ? 1 : null), reason: 'test' });
    expect(await anchor.head()).toMatchObject({ seq: 6 });
    expect(fifth.seq).toBe(5);
    expect((await archive.verify()).ok).toBe(true);
  });
});
