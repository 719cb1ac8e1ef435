import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalSource, type JournalSourceOptions } from '../../../src/logs/sources/journal-source.js';
import { createFilePositionStore, createMemoryPositionStore } from '../../../src/logs/sources/position-store.js';
import type { JournalRecord } from '../../../src/logs/sources/types.js';
import { writeJournal, type ExportEntry } from '../../utils/journal-export.js';
import { captureLog } from '../../utils/log-capture.js';

// Real .journal files made by systemd-journal-remote from the export format, read by the real
// journalctl. There is no systemd as PID 1 here: journalctl reads files all the same.

let dir: string;
const sources: JournalSource[] = [];
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'checkup-journal-'))));
afterEach(async () => {
  for (const s of sources.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

let clock = 1_700_000_000_000_000;
const entry = (fields: ExportEntry['fields']): ExportEntry => ({ realtimeUs: (clock += 1000), fields });
const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => entry({ MESSAGE: `n ${from + i}`, PRIORITY: '6', SYSLOG_IDENTIFIER: 'app' }));

function source(over: Partial<JournalSourceOptions>): JournalSource {
  const s = new JournalSource({
    units: [],
    identifiers: [],
    startAt: 'beginning',
    journalctl: 'journalctl',
    maxLineBytes: 64 * 1024,
    readBytesPerTick: 1 << 20,
    store: createMemoryPositionStore(),
    log: captureLog().log,
    retry: { initial: 100, max: 400 },
    ...over,
  });
  sources.push(s);
  return s;
}

/** Reads and commits until `count` records came (then a little longer, to see that no more come). */
async function readRecords(s: JournalSource, count: number, timeoutMs = 20_000): Promise<JournalRecord[]> {
  const got: JournalRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  let extra = 0;
  while (Date.now() < deadline && extra < 6) {
    const b = await s.read();
    if (b?.kind === 'journal') got.push(...b.records);
    if (b) await s.commit(b.checkpoint);
    if (got.length >= count) extra++;
    await new Promise((r) => setTimeout(r, 50));
  }
  return got;
}

describe('journal source on real journal files', () => {
  it('maps the fields, survives a non-UTF-8 and a long MESSAGE, resumes from its cursor, and reads only what was appended', async () => {
    const file = join(dir, 'host.journal');
    await writeJournal(file, [
      entry({
        MESSAGE: 'Failed password for root from 10.0.0.1 port 22 ssh2',
        PRIORITY: '3',
        SYSLOG_IDENTIFIER: 'sshd',
        _SYSTEMD_UNIT: 'ssh.service',
        _PID: '42',
        _HOSTNAME: 'web-1',
      }),
      entry({ MESSAGE: Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x0a, 0x01]), PRIORITY: '4', SYSLOG_IDENTIFIER: 'app' }),
      entry({ MESSAGE: 'y'.repeat(200_000), PRIORITY: '6', SYSLOG_IDENTIFIER: 'app' }),
    ]);
    const store = createFilePositionStore(join(dir, 'positions'));
    const first = source({ files: [file], store });
    await first.start();
    const got = await readRecords(first, 3);
    expect(got.map((r) => r.entry)).toEqual([
      {
        source: 'journal',
        time: 1_700_000_000_001,
        priority: 3,
        severityBasis: 'journal',
        app: 'ssh.service',
        pid: 42,
        host: 'web-1',
        message: 'Failed password for root from 10.0.0.1 port 22 ssh2',
        line: 1,
        lineCount: 1,
      },
      expect.objectContaining({ priority: 4, app: 'app', message: 'bad \uFFFD\uFFFD\n\u0001' }),
      expect.objectContaining({ priority: 6, message: 'y'.repeat(64 * 1024) }),
    ]);
    expect(got.map((r) => [r.unit, r.identifier, r.truncated])).toEqual([
      ['ssh.service', 'sshd', false],
      [null, 'app', false],
      [null, 'app', true],
    ]);
    await first.close();

    await writeJournal(file, numbered(4, 5));
    const second = source({ files: [file], store });
    await second.start();
    expect((await readRecords(second, 2)).map((r) => r.entry.message)).toEqual(['n 4', 'n 5']);
  });

  it('reads only the configured units OR identifiers', async () => {
    const file = join(dir, 'host.journal');
    await writeJournal(file, [
      entry({ MESSAGE: 'a', SYSLOG_IDENTIFIER: 'sshd', _SYSTEMD_UNIT: 'ssh.service' }),
      entry({ MESSAGE: 'b', SYSLOG_IDENTIFIER: 'sudo', _SYSTEMD_UNIT: 'session-1.scope' }),
      entry({ MESSAGE: 'c', SYSLOG_IDENTIFIER: 'cron', _SYSTEMD_UNIT: 'cron.service' }),
    ]);
    const s = source({ files: [file], units: ['ssh'], identifiers: ['sudo'] });
    await s.start();
    expect((await readRecords(s, 2)).map((r) => [r.entry.message, r.entry.app])).toEqual([
      ['a', 'ssh.service'],
      ['b', 'sudo'],
    ]);
  });

  it('streams a 5 MB binary MESSAGE through without holding its JSON whole, cut at maxLineBytes', async () => {
    const file = join(dir, 'host.journal');
    await writeJournal(file, [entry({ MESSAGE: Buffer.alloc(5 * 1024 * 1024, 0xff), PRIORITY: '2' }), ...numbered(1, 1)]);
    const s = source({ files: [file] });
    await s.start();
    const stats = { truncatedLines: 0, invalidUtf8Lines: 0 };
    const got: JournalRecord[] = [];
    for (let i = 0; i < 100 && got.length < 2; i++) {
      const b = await s.read();
      if (b?.kind === 'journal') got.push(...b.records);
      if (b) {
        stats.truncatedLines += b.stats.truncatedLines;
        stats.invalidUtf8Lines += b.stats.invalidUtf8Lines;
        await s.commit(b.checkpoint);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(got.map((r) => [r.entry.priority, r.truncated, Buffer.byteLength(r.entry.message) <= 64 * 1024])).toEqual([
      [2, true, true],
      [6, false, true],
    ]);
    expect(got[0]!.entry.message).toMatch(/^\uFFFD+$/);
    expect(stats).toEqual({ truncatedLines: 1, invalidUtf8Lines: 1 });
  });

  it('follows a journal directory (-D): a killed journalctl restarts from the last entry, nothing lost or doubled', async () => {
    const jdir = join(dir, 'remote');
    mkdirSync(jdir);
    await writeJournal(join(jdir, 'remote.journal'), numbered(1, 2));
    const cap = captureLog();
    const s = source({ directory: jdir, startAt: 'end', log: cap.log });
    await s.start();
    // The first run starts after the newest entry; that start is itself a position to commit.
    const first = await s.read();
    expect(first?.kind === 'journal' && first.records).toEqual([]);
    await s.commit(first!.checkpoint);
    await writeJournal(join(jdir, 'remote.journal'), numbered(3, 5));
    const a = await readRecords(s, 3);
    const pid = s.status().pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await writeJournal(join(jdir, 'remote.journal'), numbered(6, 8));
    const b = await readRecords(s, 3);
    expect([...a, ...b].map((r) => r.entry.message)).toEqual(['n 3', 'n 4', 'n 5', 'n 6', 'n 7', 'n 8']);
    expect(cap.warnings()).toEqual([expect.stringMatching(/^journal source: journalctl was killed by SIGKILL; retrying in 0s/)]);
    expect(s.status().pid).not.toBe(pid);
  });

  it('journalctl missing: one warning, marked unavailable, retried, and read once it is there', async () => {
    const file = join(dir, 'host.journal');
    await writeJournal(file, numbered(1, 2));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const cap = captureLog();
    const s = source({ files: [file], journalctl: join(bin, 'journalctl'), log: cap.log });
    await s.start();
    for (let i = 0; i < 10; i++) {
      const b = await s.read();
      if (b) await s.commit(b.checkpoint);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(cap.warnings()).toEqual([expect.stringContaining(`journal source unavailable: ${join(bin, 'journalctl')} not found; retrying in`)]);
    expect(s.status()).toMatchObject({ available: false });
    symlinkSync('/usr/bin/journalctl', join(bin, 'journalctl'));
    expect((await readRecords(s, 2)).map((r) => r.entry.message)).toEqual(['n 1', 'n 2']);
    expect(s.status()).toMatchObject({ available: true, problems: [] });
  });
  it('backpressure: a consumer that does not read leaves journalctl blocked, not a growing queue', async () => {
    const jdir = join(dir, 'remote');
    mkdirSync(jdir);
    const many = Array.from({ length: 3000 }, (_, i) => entry({ MESSAGE: `n ${i + 1} ${'p'.repeat(300)}`, PRIORITY: '6' }));
    await writeJournal(join(jdir, 'remote.journal'), many);
    const budget = 16 * 1024;
    const s = source({ directory: jdir, readBytesPerTick: budget });
    await s.start();
    const first = await s.read(); // starts journalctl; its output waits for the next reads
    await s.commit(first!.checkpoint);
    await new Promise((r) => setTimeout(r, 1500));
    // About 1.5 MB of JSON was ready; at most twice the budget plus one pipe read (64 KB) is held.
    const backlog = s.status().backlogBytes ?? Infinity;
    expect(backlog).toBeGreaterThan(0);
    expect(backlog).toBeLessThanOrEqual(2 * budget + 64 * 1024 + 1024);
    // Closing a source whose journalctl is blocked on a full pipe ends it (and does not hang).
    const blocked = source({ directory: jdir, readBytesPerTick: budget });
    await blocked.start();
    await blocked.read();
    await new Promise((r) => setTimeout(r, 500));
    const pid = blocked.status().pid!;
    await blocked.close();
    expect(() => process.kill(pid, 0)).toThrow();
    const got: string[] = [];
    for (let i = 0; i < 2000 && got.length < 3000; i++) {
      const b = await s.read();
      if (b?.kind === 'journal') {
        expect(b.stats.bytes).toBeLessThanOrEqual(budget + 1024);
        got.push(...b.records.map((r) => r.entry.message.split(' ')[1]!));
      }
      if (b) await s.commit(b.checkpoint);
      else await new Promise((r) => setTimeout(r, 10));
    }
    expect(got).toEqual(Array.from({ length: 3000 }, (_, i) => String(i + 1)));
  });
});
