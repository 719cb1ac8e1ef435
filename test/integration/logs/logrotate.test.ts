import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTailer } from '../../../src/logs/sources/file-tailer.js';
import { createFilePositionStore } from '../../../src/logs/sources/position-store.js';
import { spawnScript, type WatchedChild } from '../../utils/child-lines.js';
import { captureLog } from '../../utils/log-capture.js';

const run = promisify(execFile);
const LOGROTATE = ['/usr/sbin/logrotate', '/sbin/logrotate', '/usr/bin/logrotate'].find((p) => existsSync(p)) ?? 'logrotate';
const RATE = 400; // lines per second
const COUNT = 1200; // so the writer runs for 3 s
const ROTATE_EVERY_MS = 550;

let dir: string;
let writer: WatchedChild | null = null;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'checkup-logrotate-'))));
afterEach(() => {
  if (writer && writer.child.exitCode === null) writer.child.kill('SIGKILL');
  writer = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Every numbered line that is on disk now: the live file, rotated files, and inside the .gz archives. */
function linesOnDisk(): { numbers: number[]; archives: number } {
  const numbers: number[] = [];
  let archives = 0;
  for (const name of readdirSync(dir).filter((n) => n.startsWith('app.log'))) {
    const raw = readFileSync(join(dir, name));
    if (name.endsWith('.gz')) archives++;
    const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const m of text.matchAll(/^line (\d+) /gm)) numbers.push(Number(m[1]));
  }
  return { numbers: numbers.sort((a, b) => a - b), archives };
}

const cases = [
  { mode: 'create', glob: false },
  { mode: 'copytruncate', glob: false },
  // The glob also names the rotated copies: they must be recognised as copies, and .gz never read.
  { mode: 'copytruncate', glob: true },
] as const;

describe('rotation by the real logrotate while a writer keeps appending', () => {
  it.each(cases)('$mode (glob: $glob): no line lost, none delivered twice', async ({ mode, glob }) => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    writer = spawnScript('test/utils/log-writer-process.ts', [file, String(RATE), String(COUNT)]);
    await writer.waitFor('started');
    // As a distribution ships it: compress, but one rotation late, and the writer told to reopen (create).
    const conf = join(dir, 'logrotate.conf');
    const how = mode === 'create' ? `create 0644\n  postrotate\n    kill -HUP ${writer.pid}\n  endscript` : 'copytruncate';
    writeFileSync(conf, `${file} {\n  rotate 20\n  compress\n  delaycompress\n  missingok\n  ${how}\n}\n`, { mode: 0o600 });
    const cap = captureLog();
    const tailer = new FileTailer({
      id: 'app',
      paths: [glob ? `${file}*` : file],
      followSymlinks: false,
      startAt: 'beginning',
      maxLineBytes: 64 * 1024,
      readBytesPerTick: 1 << 20,
      maxFiles: 50,
      rotateWait: 300,
      store: createFilePositionStore(join(dir, 'positions')),
      log: cap.log,
    });
    await tailer.start();
    const delivered: number[] = [];
    const readOnce = async () => {
      const b = await tailer.read();
      if (!b) return;
      if (b.kind === 'file') for (const l of b.lines) delivered.push(Number(/^line (\d+) /.exec(l.text)?.[1] ?? -1));
      await tailer.commit(b.checkpoint);
    };
    let rotations = 0;
    let nextRotation = Date.now() + ROTATE_EVERY_MS;
    while (!writer.stdout().includes('done')) {
      await readOnce();
      if (Date.now() >= nextRotation) {
        await run(LOGROTATE, ['-f', '-s', join(dir, 'state'), conf]);
        rotations++;
        nextRotation = Date.now() + ROTATE_EVERY_MS;
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    // Past rotateWait, so every rotated file is drained and dropped.
    for (let i = 0; i < 12; i++) {
      await readOnce();
      await new Promise((r) => setTimeout(r, 50));
    }
    await tailer.close();

    const disk = linesOnDisk();
    expect(rotations).toBeGreaterThanOrEqual(3);
    expect(disk.archives).toBeGreaterThanOrEqual(2);
    const dupes = delivered.filter((n, i) => delivered.indexOf(n) !== i);
    expect(dupes, 'lines delivered twice').toEqual([]);
    // What the tailer delivered is exactly what is on disk, each line once.
    expect([...delivered].sort((a, b) => a - b)).toEqual(disk.numbers);
    if (mode === 'create') {
      // Rename + create loses nothing: every line written is on disk and was delivered, in order.
      expect(delivered).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    } else {
      // copytruncate itself drops what is written between its copy and its truncate (a line or two
      // per rotation at this rate): those lines are on no disk. Everything on disk was delivered
      // (above), and no warning said that lines may be lost on the tailer's side.
      expect(cap.warnings().filter((w) => w.includes('may be lost'))).toEqual([]);
      // Each truncation was seen, and what had not been read yet came from logrotate's copy.
      const fromCopy = cap.lines.filter((l) => l.msg === 'log file was truncated (copytruncate); reading the rest of its rotated copy first');
      expect(fromCopy.length).toBeGreaterThanOrEqual(rotations - 1);
    }
  });
});
