import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive, createFsStorage, type ManifestEntry } from '../../src/archive/index.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

// `checkup archive` as a user runs it: a report is found by its report id or by its entry hash.
describe('checkup archive list and get', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-archive-cli-'));
  const config = join(dir, 'checkup.yml');
  const run = (args: string[]) => spawnSync(process.execPath, [...CLI, '--config', config, 'archive', ...args], { encoding: 'utf8', timeout: 60_000 });
  let first: ManifestEntry;
  let second: ManifestEntry;
  let clash: ManifestEntry;

  beforeAll(async () => {
    writeFileSync(config, `dataDir: ${join(dir, 'data')}\nlog:\n  level: silent\n`);
    const archive = createArchive(createFsStorage(join(dir, 'data', 'archive')));
    const put = (reportId: string) =>
      archive.put({
        reportId,
        name: 'daily',
        period: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2) },
        hosts: ['web-1'],
        files: { json: Buffer.from(`{"id":"${reportId}"}`) },
      });
    first = await put('daily-1767312000000');
    second = await put('daily-20260102T101010Z-abc123');
    // A report id that happens to be another entry's hash: asking for it is ambiguous.
    clash = await put(first.id);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('list shows the entry hash and the report id of every entry, in text and JSON', () => {
    const r = run(['list']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^entry\s+report id\s+/);
    expect(lines.find((l) => l.startsWith(first.id))).toContain('daily-1767312000000');
    expect(lines.find((l) => l.startsWith(second.id))).toContain('daily-20260102T101010Z-abc123');
    const json = JSON.parse(run(['list', '--json']).stdout) as Array<{ id: string; reportId: string; seq: number; hash: string; pruned: boolean }>;
    expect(json.map((e) => [e.id, e.reportId])).toEqual([
      [first.id, 'daily-1767312000000'],
      [second.id, 'daily-20260102T101010Z-abc123'],
      [clash.id, first.id],
    ]);
    expect(json[0]).toMatchObject({ seq: 1, hash: first.hash, pruned: false });
  });

  it('get accepts a report id, an entry id or the full entry hash, and shows both ids', () => {
    for (const ref of ['daily-20260102T101010Z-abc123', second.id, second.hash]) {
      const r = run(['get', ref]);
      expect(r.status, `${ref}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`entry ${second.id}`);
      expect(r.stdout).toContain('report daily-20260102T101010Z-abc123');
      const json = JSON.parse(run(['get', ref, '--json']).stdout) as { id: string; reportId: string };
      expect(json).toMatchObject({ id: second.id, reportId: 'daily-20260102T101010Z-abc123' });
    }
  });

  it('exits 2 naming both entries when a reference matches two, and 2 with one line when none', () => {
    const r = run(['get', first.id]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`entry ${first.id} (report daily-1767312000000)`);
    expect(r.stderr).toContain(`entry ${clash.id} (report ${first.id})`);
    const none = run(['get', 'no-such-report']);
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe('checkup: no archived report or entry "no-such-report"');
  });
});
