import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createSpool } from '../../../src/agent/spool.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';

/** A logger whose lines the test can read. */
function captureLog() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { log, lines };
}

const snap = (t: number, pad = 0): Snapshot => ({
  host: 'h',
  t,
  load: { l1: 0, l5: 0, l15: 0 },
  mem: { totalBytes: 1, usedBytes: 1, availableBytes: 0, cachedBytes: 0, usedPct: 100 },
  swap: { totalBytes: 0, usedBytes: 0 },
  disks: [{ mount: '/'.padEnd(pad, 'x'), device: 'd', fstype: 'ext4', sizeBytes: 1, usedBytes: 1, freeBytes: 0, usedPct: 100, inodesUsedPct: null }],
});

describe('agent spool', () => {
  it('flushes in time order, across segments left by an earlier run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkup-spool-'));
    const { log } = captureLog();
    const first = createSpool({ dir, maxBytes: 10 * 1024 * 1024, log });
    for (let i = 0; i < 5; i++) await first.write(snap(1_000 + i));
    // A new process finds the old segment and adds its own.
    const second = createSpool({ dir, maxBytes: 10 * 1024 * 1024, log });
    for (let i = 5; i < 8; i++) await second.write(snap(1_000 + i));
    const seen: number[] = [];
    expect(await second.flush(async (batch) => void seen.push(...batch.map((s) => s.t)))).toBe(8);
    expect(seen).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007]);
    expect(readdirSync(dir)).toEqual([]);
    expect(await second.flush(async () => undefined)).toBe(0);
  });

  it('stays within its bound by dropping the oldest segments, and says how many samples it lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkup-spool-'));
    const { log, lines } = captureLog();
    const spool = createSpool({ dir, maxBytes: 9 * 1024 * 1024, log });
    // ~100 KB a snapshot: a 4 MiB segment holds ~40; 200 snapshots need ~5 segments.
    for (let i = 0; i < 200; i++) await spool.write(snap(i, 100_000));
    const dropped = lines.filter((l) => l.msg === 'spool full: dropped the oldest snapshots');
    expect(dropped.length).toBeGreaterThan(0);
    const lost = dropped.reduce((n, l) => n + Number(l.droppedSamples), 0);
    const kept: number[] = [];
    await spool.flush(async (b) => void kept.push(...b.map((s) => s.t)));
    expect(lost + kept.length).toBe(200);
    expect(kept[0]).toBe(lost);
    expect(kept[kept.length - 1]).toBe(199);
  });

  it('logs and carries on when the spool cannot be written (full or read-only disk)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'checkup-spool-'));
    const dir = join(parent, 'spool');
    writeFileSync(dir, 'a file where the spool directory should be');
    chmodSync(parent, 0o500);
    const { log, lines } = captureLog();
    const spool = createSpool({ dir, maxBytes: 1024, log });
    await expect(spool.write(snap(1))).resolves.toBeUndefined();
    expect(lines.some((l) => l.msg === 'cannot write to the spool: this snapshot is lost')).toBe(true);
    chmodSync(parent, 0o700);
  });
});
