import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchive, createFsStorage, type Archive, type ManifestEntry } from '../../../src/archive/index.js';

// Tampering with any byte of the archive must make verify fail and name the entry.
describe('archive hash chain', () => {
  let dir: string;
  let archive: Archive;
  let entries: ManifestEntry[];
  const manifest = () => join(dir, 'manifest.jsonl');
  const lines = () => readFileSync(manifest(), 'utf8').trimEnd().split('\n');
  const writeLines = (l: string[]) => writeFileSync(manifest(), `${l.join('\n')}\n`);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'checkup-archive-'));
    archive = createArchive(createFsStorage(dir));
    entries = [];
    for (let i = 0; i < 4; i++) {
      entries.push(
        await archive.put({
          reportId: `r${i}`,
          name: 'daily',
          period: { from: Date.UTC(2026, 10, i + 1), to: Date.UTC(2026, 10, i + 2) },
          hosts: ['web-1'],
          files: { pdf: Buffer.from(`%PDF-1.7 report ${i}`), html: Buffer.from(`<p>${i}</p>`) },
        }),
      );
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies a clean archive and chains each entry to the one before', async () => {
    expect(await archive.verify()).toMatchObject({ ok: true, entries: 4, problems: [] });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < 4; i++) expect(entries[i]!.prev).toBe(entries[i - 1]!.hash);
  });

  it('detects a modified file byte', async () => {
    const path = archive.filePath(entries[2]!, 'pdf')!;
    const bytes = readFileSync(path);
    bytes[3] = bytes[3]! ^ 1;
    writeFileSync(path, bytes);
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ id: entries[2]!.id, problem: expect.stringContaining('pdf file') })]);
  });

  it('detects a deleted file', async () => {
    rmSync(archive.filePath(entries[1]!, 'html')!);
    const r = await archive.verify();
    expect(r.problems).toEqual([expect.objectContaining({ id: entries[1]!.id, problem: expect.stringContaining('missing') })]);
  });

  it('detects a modified manifest entry', async () => {
    const l = lines();
    l[1] = l[1]!.replace('"web-1"', '"web-2"');
    writeLines(l);
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ line: 2, id: entries[1]!.id });
  });

  it('detects a deleted entry', async () => {
    const l = lines();
    l.splice(1, 1);
    writeLines(l);
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.id)).toContain(entries[2]!.id);
  });

  it('detects reordered entries', async () => {
    const l = lines();
    [l[1], l[2]] = [l[2]!, l[1]!];
    writeLines(l);
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.line)).toEqual(expect.arrayContaining([2, 3]));
  });

  it('detects an inserted entry, even one with a self-consistent hash', async () => {
    const l = lines();
    const forged = { ...JSON.parse(l[1]!), reportId: 'forged' };
    l.splice(2, 0, JSON.stringify(forged));
    writeLines(l);
    const r = await archive.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.line === 3)).toBe(true);
  });

  it('prunes old entries by retention and stays verifiable, and tampering is still caught', async () => {
    const later = Date.now() + 10 * 86_400_000;
    const keepDaily = (e: ManifestEntry) => (e.reportId === 'r3' ? null : 86_400_000);
    expect((await archive.prune({ now: later, retentionFor: keepDaily, reason: 'test', dryRun: true })).map((e) => e.reportId)).toEqual(['r0', 'r1', 'r2']);
    const pruned = await archive.prune({ now: later, retentionFor: keepDaily, reason: 'test' });
    expect(pruned.map((e) => e.reportId)).toEqual(['r0', 'r1', 'r2']);
    expect(await archive.readFile(entries[0]!, 'pdf')).toBeNull();
    expect(await archive.readFile(entries[3]!, 'pdf')).not.toBeNull();
    expect(await archive.verify()).toMatchObject({ ok: true, entries: 7, problems: [] });
    // Pruning again finds nothing new.
    expect(await archive.prune({ now: later, retentionFor: keepDaily, reason: 'test' })).toEqual([]);
    const l = lines();
    l[5] = l[5]!.replace('"test"', '"quietly"');
    writeLines(l);
    expect((await archive.verify()).ok).toBe(false);
  });
});
