import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTailer, type FileTailerOptions } from '../../../src/logs/sources/file-tailer.js';
import { createFilePositionStore, type PositionStore } from '../../../src/logs/sources/position-store.js';
import type { FileLine, SourceBatch } from '../../../src/logs/sources/types.js';
import { captureLog } from '../../utils/log-capture.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'checkup-tail-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const numbered = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tailer(over: Partial<FileTailerOptions> & { store: PositionStore }): FileTailer {
  return new FileTailer({
    id: 'app',
    paths: [join(dir, 'app.log')],
    followSymlinks: false,
    startAt: 'beginning',
    maxLineBytes: 64 * 1024,
    readBytesPerTick: 1 << 20,
    maxFiles: 50,
    rotateWait: 200,
    log: captureLog().log,
    ...over,
  });
}

/** Reads and commits until a read brings nothing; returns the lines. */
async function drain(t: FileTailer): Promise<FileLine[]> {
  const out: FileLine[] = [];
  for (let i = 0; i < 1000; i++) {
    const b = await t.read();
    if (!b) return out;
    if (b.kind === 'file') out.push(...b.lines);
    await t.commit(b.checkpoint);
  }
  throw new Error('never ran dry');
}

describe('file tailer', () => {
  it('stopped mid-file, resumes at its saved position: nothing twice, nothing skipped', async () => {
    writeFileSync(join(dir, 'app.log'), numbered(1, 2000));
    const store = createFilePositionStore(join(dir, 'positions'));
    const first = tailer({ store, readBytesPerTick: 4096 });
    await first.start();
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const b = (await first.read())!;
      if (b.kind === 'file') got.push(...b.lines.map((l) => l.text));
      await first.commit(b.checkpoint);
    }
    await first.close();
    expect(got.length).toBeGreaterThan(100);
    expect(got.length).toBeLessThan(2000);
    appendFileSync(join(dir, 'app.log'), numbered(2001, 2100));
    const second = tailer({ store, readBytesPerTick: 4096 });
    await second.start();
    got.push(...(await drain(second)).map((l) => l.text));
    await second.close();
    expect(got).toEqual(numbered(1, 2100).trimEnd().split('\n'));
    const saved = JSON.parse(readFileSync(join(dir, 'positions', 'app.json'), 'utf8')) as { files: Array<{ offset: number }> };
    expect(saved.files[0]?.offset).toBe(numbered(1, 2100).length);
  });

  it('delivers a batch again until it is committed, and a failed save leaves it pending', async () => {
    writeFileSync(join(dir, 'app.log'), numbered(1, 3));
    let failNext = true;
    const saved: unknown[] = [];
    const store: PositionStore = {
      load: async () => null,
      save: async (_s, state) => {
        if (failNext) {
          failNext = false;
          throw new Error('ENOSPC');
        }
        saved.push(state);
      },
    };
    const t = tailer({ store });
    await t.start();
    const b1 = (await t.read()) as Extract<SourceBatch, { kind: 'file' }>;
    expect(b1.lines.map((l) => l.text)).toEqual(['line 1', 'line 2', 'line 3']);
    appendFileSync(join(dir, 'app.log'), numbered(4, 4));
    expect(await t.read()).toBe(b1);
    await expect(t.commit(b1.checkpoint)).rejects.toThrow('ENOSPC');
    expect(await t.read()).toBe(b1);
    await t.commit(b1.checkpoint);
    await expect(t.commit(b1.checkpoint)).rejects.toThrow(/not the pending batch/);
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 4']);
    expect(saved).toHaveLength(2);
    await t.close();
  });

  it('passes binary garbage and invalid UTF-8 on safely and cuts a 5 MB line at maxLineBytes', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151 + 7) % 256).filter((b) => b !== 0x0a));
    const file = join(dir, 'app.log');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('before\n'),
        garbage,
        Buffer.from('\n'),
        Buffer.from([0x63, 0x61, 0x66, 0xc3, 0x28, 0x0a]),
        Buffer.alloc(5 * 1024 * 1024, 0x41),
        Buffer.from('\nafter\n'),
      ]),
    );
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), maxLineBytes: 64 * 1024 });
    await t.start();
    const lines: FileLine[] = [];
    const stats = { truncatedLines: 0, invalidUtf8Lines: 0 };
    for (let b = await t.read(); b; b = await t.read()) {
      if (b.kind === 'file') lines.push(...b.lines);
      stats.truncatedLines += b.stats.truncatedLines;
      stats.invalidUtf8Lines += b.stats.invalidUtf8Lines;
      await t.commit(b.checkpoint);
    }
    await t.close();
    expect(lines.map((l) => l.text.length)).toEqual([6, garbage.toString('utf8').length, 5, 64 * 1024, 5]);
    expect(lines[0]!.text).toBe('before');
    expect(lines[1]!.text).toContain('\uFFFD');
    expect(lines[2]!.text).toBe('caf\uFFFD(');
    expect(lines[3]).toMatchObject({ truncated: true, text: 'A'.repeat(64 * 1024) });
    expect(lines[4]).toMatchObject({ text: 'after', truncated: false, offset: 7 + garbage.length + 1 + 6 + 5 * 1024 * 1024 + 1 });
    expect(stats).toEqual({ truncatedLines: 1, invalidUtf8Lines: 2 });
  });

  it('does not read a log replaced by a symlink to /etc/shadow, and warns once', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, numbered(1, 2));
    const cap = captureLog();
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), log: cap.log });
    await t.start();
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 1', 'line 2']);
    appendFileSync(file, numbered(3, 3));
    unlinkSync(file);
    symlinkSync('/etc/shadow', file);
    const after: string[] = [];
    for (let i = 0; i < 5; i++) {
      after.push(...(await drain(t)).map((l) => l.text));
      await sleep(60);
    }
    // The line written before the swap is read from the open file; nothing of /etc/shadow.
    expect(after).toEqual(['line 3']);
    expect(cap.warnings().filter((w) => w.includes('symlink'))).toEqual([
      `log source app: ${file} is a symlink (to /etc/shadow); not read, since followSymlinks is off`,
    ]);
    expect(t.status().problems).toHaveLength(1);
    await t.close();
  });

  it('reads a symlinked log when followSymlinks is on', async () => {
    writeFileSync(join(dir, 'real.txt'), numbered(1, 2));
    symlinkSync(join(dir, 'real.txt'), join(dir, 'app.log'));
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), followSymlinks: true });
    await t.start();
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 1', 'line 2']);
    await t.close();
  });

  it('a file not there yet: one warning, a retry every read, and it is read from its first line when it appears', async () => {
    const cap = captureLog();
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), log: cap.log, startAt: 'end' });
    await t.start();
    for (let i = 0; i < 5; i++) await drain(t);
    expect(cap.warnings()).toEqual([`log source app: ${join(dir, 'app.log')} does not exist (yet); it is read when it appears`]);
    expect(t.status()).toMatchObject({ available: false, problems: [expect.stringContaining('does not exist')] });
    writeFileSync(join(dir, 'app.log'), numbered(1, 2));
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 1', 'line 2']);
    expect(t.status()).toMatchObject({ available: true, problems: [] });
    expect(cap.lines.some((l) => l.level === 30 && l.msg === 'log source app: ' + join(dir, 'app.log') + ' is there now')).toBe(true);
    await t.close();
  });

  it('a deleted file: its last lines are read, one warning once it stays gone, and a new file is read when it appears', async () => {
    const cap = captureLog();
    const file = join(dir, 'app.log');
    writeFileSync(file, numbered(1, 1));
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), log: cap.log, rotateWait: 150 });
    await t.start();
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 1']);
    appendFileSync(file, numbered(2, 2));
    unlinkSync(file);
    const after: string[] = [];
    for (let i = 0; i < 8; i++) {
      after.push(...(await drain(t)).map((l) => l.text));
      await sleep(50);
    }
    expect(after).toEqual(['line 2']);
    expect(cap.warnings()).toEqual([`log source app: ${file} was deleted (or renamed) and nothing took its place; it is read again when it appears`]);
    writeFileSync(file, numbered(3, 4));
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 3', 'line 4']);
    expect(t.status().problems).toEqual([]);
    await t.close();
  });

  it('picks up new files matching a glob and never reads compressed archives', async () => {
    writeFileSync(join(dir, 'a.log'), numbered(1, 1));
    writeFileSync(join(dir, 'a.log.2.gz'), gzipSync(numbered(100, 101)));
    writeFileSync(join(dir, 'raw.log.gz'), 'not gzip at all\n');
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), paths: [join(dir, '*.log*')] });
    await t.start();
    expect((await drain(t)).map((l) => `${l.path}:${l.text}`)).toEqual([`${join(dir, 'a.log')}:line 1`]);
    writeFileSync(join(dir, 'b.log'), numbered(2, 3));
    expect((await drain(t)).map((l) => `${l.path}:${l.text}`)).toEqual([`${join(dir, 'b.log')}:line 2`, `${join(dir, 'b.log')}:line 3`]);
    expect(t.status().files).toBe(2);
    await t.close();
  });

  it('starts at the end of files already there on a first run, and saves that start', async () => {
    writeFileSync(join(dir, 'app.log'), `${numbered(1, 5)}half a li`);
    const store = createFilePositionStore(join(dir, 'positions'));
    const t = tailer({ store, startAt: 'end' });
    await t.start();
    const first = await t.read();
    expect(first?.kind === 'file' && first.lines).toEqual([]);
    await t.commit(first!.checkpoint);
    appendFileSync(join(dir, 'app.log'), `ne\n${numbered(6, 6)}`);
    // The line being written when the tailer started is skipped whole, not passed on as "ne".
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 6']);
    await t.close();
  });
  it('a corrupt position file: a warning, moved aside for a post-mortem, and a fresh start', async () => {
    writeFileSync(join(dir, 'app.log'), numbered(1, 2));
    mkdirSync(join(dir, 'positions'));
    writeFileSync(join(dir, 'positions', 'app.json'), '{"v":1,"files":[{"id":');
    const cap = captureLog();
    const t = tailer({ store: createFilePositionStore(join(dir, 'positions')), log: cap.log, startAt: 'beginning' });
    await t.start();
    expect(cap.warnings()).toEqual(['log source app: its saved positions cannot be read; starting as on a first run']);
    expect(readdirSync(join(dir, 'positions')).some((n) => /^app\.json\.corrupt-\d+$/.test(n))).toBe(true);
    expect((await drain(t)).map((l) => l.text)).toEqual(['line 1', 'line 2']);
    expect(JSON.parse(readFileSync(join(dir, 'positions', 'app.json'), 'utf8'))).toMatchObject({ v: 1, files: [{ offset: 14 }] });
    await t.close();
  });
});
