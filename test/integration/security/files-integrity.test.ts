/**
 * Critical-file integrity on real files: content, mode, owner and link changes, a new file matched
 * by a glob, a deleted file, a content change hidden behind a restored mtime; each reported as
 * which file and when (its own mtime/ctime), against a baseline kept by the file-backed store.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZFilesBaseline } from '../../../src/security/baseline/baseline-schemas.js';
import { BaselineError } from '../../../src/security/baseline/baseline-store.js';
import { compareWithBaseline } from '../../../src/security/baseline/compare-baseline.js';
import { FileBaselineStore } from '../../../src/security/baseline/file-baseline-store.js';
import { diffFiles } from '../../../src/security/files/files-diff.js';
import { filesSnapshotter } from '../../../src/security/files/files-snapshot.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;

describe('file integrity against a baseline', () => {
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'sudoers.d'), { recursive: true });
  const f = (name: string) => join(etc, name);
  writeFileSync(f('passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(f('sudoers'), 'root ALL=(ALL) ALL\n', { mode: 0o440 });
  writeFileSync(f('sudoers.d/ops'), '%ops ALL=(ALL) ALL\n', { mode: 0o440 });
  writeFileSync(f('crontab'), '* * * * * root true\n');
  writeFileSync(f('target'), 'one\n');
  symlinkSync(f('target'), f('link'));
  const snapshotter = filesSnapshotter({
    paths: [f('passwd'), f('sudoers'), f('sudoers.d/*'), f('crontab'), f('link'), f('absent')],
    homeFiles: [],
    maxFiles: 100,
    maxFileBytes: 1024 * 1024,
  });
  const store = FileBaselineStore.inDir(join(dir, 'baselines'));
  const compare = (update = false) =>
    compareWithBaseline({ store, name: 'files', schema: ZFilesBaseline, snapshot: snapshotter.snapshot(), diff: diffFiles, update });

  it('records a baseline on the first look', async () => {
    const first = await compare();
    expect(first.baseline.time).toBeNull();
    expect(first.baseline.saved).toBe(true);
    expect(first.changes).toEqual([]);
    const passwd = first.snapshot.files.find((x) => x.path === f('passwd'))!;
    expect(passwd).toMatchObject({ status: 'ok', type: 'file', mode: '0644', size: 32 });
    expect(passwd.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.snapshot.files.find((x) => x.path === f('absent'))?.status).toBe('missing');
    expect(first.snapshot.files.find((x) => x.path === f('link'))).toMatchObject({ type: 'symlink', linkTarget: f('target') });
  });

  it('reports each change with the file and its time, never its content', async () => {
    const past = new Date('2026-01-02T03:04:05Z');
    writeFileSync(f('passwd'), 'root:x:0:0:root:/root:/bin/bash\nevil:x:0:0::/root:/bin/sh\n');
    chmodSync(f('sudoers'), 0o666);
    if (isRoot) chownSync(f('crontab'), 12345, 12345);
    writeFileSync(f('sudoers.d/backdoor'), 'evil ALL=(ALL) NOPASSWD: ALL\n');
    unlinkSync(f('sudoers.d/ops'));
    writeFileSync(f('other'), 'two\n');
    unlinkSync(f('link'));
    symlinkSync(f('other'), f('link'));
    writeFileSync(f('absent'), 'now here\n');
    utimesSync(f('absent'), past, past);
    const r = await compare();
    const by = new Map(r.changes.map((c) => [c.path, c]));
    expect(by.get(f('passwd'))).toMatchObject({ change: 'modified', fields: ['content'], changedAt: Math.round(statSync(f('passwd')).mtimeMs) });
    expect(by.get(f('sudoers'))).toMatchObject({ change: 'modified', fields: ['mode'], changedAt: Math.round(statSync(f('sudoers')).ctimeMs) });
    if (isRoot) expect(by.get(f('crontab'))?.fields).toEqual(['owner', 'group']);
    expect(by.get(f('sudoers.d/backdoor'))).toMatchObject({ change: 'created', changedAt: Math.round(statSync(f('sudoers.d/backdoor')).ctimeMs) });
    expect(by.get(f('sudoers.d/ops'))).toMatchObject({ change: 'deleted', changedAt: null, detectedAt: r.snapshot.time });
    expect(by.get(f('link'))?.fields).toEqual(expect.arrayContaining(['content', 'link-target']));
    // A created file's time is when it appeared (ctime), not an mtime set to the past.
    expect(by.get(f('absent'))?.changedAt).toBeGreaterThan(past.getTime());
    expect(JSON.stringify(r.changes)).not.toMatch(/evil|NOPASSWD/);
    expect(r.baseline.saved).toBe(false);
  });

  it('sees content changed behind a restored mtime (ctime moves), even with the hash cache', async () => {
    await compare(true);
    const st = statSync(f('crontab'), { bigint: true });
    // Same size, same mtime to the nanosecond (`touch -d @s.ns`): only the inode's ctime says it was written.
    writeFileSync(f('crontab'), '* * * * * root evil\n');
    const ns = st.mtimeNs;
    execFileSync('touch', ['-m', '-d', `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`, f('crontab')]);
    const now = statSync(f('crontab'), { bigint: true });
    expect([now.size, now.mtimeNs]).toEqual([st.size, st.mtimeNs]);
    const r = await compare();
    expect(r.changes.find((c) => c.path === f('crontab'))?.fields).toEqual(['content']);
  });

  it('refuses a baseline that is not a files snapshot, naming it', async () => {
    const bad = new FileBaselineStore(() => join(dir, 'bad.json'));
    writeFileSync(join(dir, 'bad.json'), '{"time": "yesterday"}');
    await expect(
      compareWithBaseline({ store: bad, name: 'files', schema: ZFilesBaseline, snapshot: snapshotter.snapshot(), diff: diffFiles, update: false }),
    ).rejects.toThrow(BaselineError);
    writeFileSync(join(dir, 'bad.json'), 'not json');
    await expect(bad.load('files')).rejects.toThrow(/bad\.json is not valid JSON/);
  });
});
