import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpool } from '../../src/agent/spool.js';
import { createArchive, createFsStorage } from '../../src/archive/index.js';
import type { Snapshot } from '../../src/collect/snapshot.js';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { startWorkerRole } from '../../src/app/worker-role.js';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import { silentLogger } from '../../src/shared/logger.js';
import { simulateFleet } from '../../src/simulate/simulate.js';
import { startReceiver, type Receiver } from '../utils/webhook-receiver.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { testConfig } from '../utils/test-config.js';
import { figure } from '../utils/figure.js';

const isRoot = process.getuid?.() === 0;

/** A tmpfs of `size` at a new directory: a disk the test can fill without touching the machine's. */
function mountSmallDisk(size: string): { dir: string; unmount(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes until the filesystem says ENOSPC; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // The last bytes too, in smaller writes, so not even a page is left.
  const small = openSync(path, 'a');
  try {
    for (;;) writeSync(small, Buffer.alloc(512, 1));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(small);
  }
  return path;
}

function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.tmp')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

// Issue #12: the data dir's disk fills up. A report must fail with a clear error and an alert,
// leave the archive verifiable, and go through once there is space again.
describe.runIf(isRoot)('disk full in the data dir', () => {
  let disk: { dir: string; unmount(): void };
  const prefix = testPrefix();
  let rt: AppRuntime;
  let workers: Worker[] = [];
  let sink: SmtpSink;
  let hook: Receiver;

  beforeAll(async () => {
    disk = mountSmallDisk('8m');
    [sink, hook] = await Promise.all([startSmtpSink(), startReceiver()]);
    const config = testConfig({
      prefix,
      raw: {
        dataDir: disk.dir,
        reports: { daily: { period: 'day', formats: ['pdf', 'html'], recipients: { to: ['ops@example.test'] } } },
        alerts: { groupWait: 0, channels: { hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } }, reportFailures: { channels: ['hook'] } },
      },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 1,
      days: 1,
      seed: 7,
      stepMs: 15 * 60_000,
    });
    workers = (await startWorkerRole(rt)).workers;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await rt?.close();
    await Promise.all([sink?.close(), hook?.close()]);
    await cleanupPrefix(prefix);
    disk?.unmount();
  });

  const report = async () => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: Date.now() });
    await rt.deps.reports.create(request);
    await rt.deps.enqueue('render-report', { request });
    return waitForReport({ reports: rt.deps.reports, id: request.id, timeoutMs: 120_000 });
  };

  it('fails a report with a clear error and an alert, keeps the archive intact, and recovers', async () => {
    const first = await report();
    expect(first.status).toBe('delivered');
    expect((await rt.deps.archive.verify()).entries).toBe(1);

    const filler = fill(disk.dir);
    const failed = await report();
    expect(failed.status).toBe('failed');
    // Clear: what happened, where, and what to do; no stack trace, no bare errno.
    expect(failed.error).toMatch(/no space left on device \(ENOSPC\) in .*archive/);
    expect(failed.error).toContain('free space');
    await expect.poll(() => hook.at('/hook').length, { timeout: 15_000, interval: 200 }).toBe(1);
    expect(JSON.stringify(hook.at('/hook')[0]!.body)).toContain('no space left on device');

    const archiveDir = rt.deps.config.paths.archive;
    const verified = await rt.deps.archive.verify();
    expect(verified).toMatchObject({ ok: true, entries: 1, problems: [] });
    expect(leftovers(archiveDir)).toEqual([]);

    rmSync(filler);
    const again = await report();
    expect(again.status).toBe('delivered');
    const after = await rt.deps.archive.verify();
    expect(after).toMatchObject({ ok: true, entries: 2, problems: [] });
    figure('disk full in the data dir', {
      failedWith: failed.error,
      archiveEntriesAfterRecovery: after.entries,
      leftoverTempFiles: leftovers(archiveDir).length,
    });
  }, 240_000);

  it('a manifest append cut short by a full disk leaves the manifest as it was', async () => {
    const small = mountSmallDisk('1m');
    try {
      const dir = join(small.dir, 'archive');
      mkdirSync(dir);
      const archive = createArchive(createFsStorage(dir));
      const files = { json: Buffer.from('{"report":1}') };
      const input = { reportId: 'r1', name: 'daily', period: { from: 0, to: 1 }, hosts: ['h'], files };
      await archive.put(input);
      const filler = fill(small.dir);
      // The object exists already (content-addressed), so only the manifest line needs room.
      const tries = Array.from({ length: 20 }, (_, i) =>
        archive.put({ ...input, reportId: `r${i + 2}`, hosts: ['h'.repeat(200 + i)] }).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      );
      const outcomes = await Promise.all(tries);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => /no space left on device \(ENOSPC\)/.test(o))).toBe(true);
      const v = await archive.verify();
      expect(v).toMatchObject({ ok: true, problems: [] });
      expect(v.entries).toBe(1 + outcomes.filter((o) => o === 'ok').length);
      rmSync(filler);
      await archive.put({ ...input, reportId: 'after' });
      expect((await archive.verify()).ok).toBe(true);
    } finally {
      small.unmount();
    }
  }, 60_000);

  it("the agent's spool on a full disk loses only the snapshots it says it lost", async () => {
    const small = mountSmallDisk('1m');
    try {
      const lines: Array<Record<string, unknown>> = [];
      const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
      const spool = createSpool({ dir: join(small.dir, 'spool'), maxBytes: 64 * 1024 * 1024, log });
      const snap = (t: number): Snapshot => ({
        host: 'h',
        t,
        load: { l1: 0, l5: 0, l15: 0 },
        mem: { totalBytes: 1, usedBytes: 1, availableBytes: 0, cachedBytes: 0, usedPct: 100 },
        swap: { totalBytes: 0, usedBytes: 0 },
        disks: [{ mount: `/${'x'.repeat(700)}`, device: 'd', fstype: 'ext4', sizeBytes: 1, usedBytes: 1, freeBytes: 0, usedPct: 100, inodesUsedPct: null }],
      });
      for (let t = 1; t <= 3; t++) await spool.write(snap(t));
      const filler = fill(small.dir);
      for (let t = 4; t <= 12; t++) await spool.write(snap(t));
      const lost = lines.filter((l) => l.msg === 'cannot write to the spool: this snapshot is lost').length;
      expect(lost).toBeGreaterThan(0);
      rmSync(filler);
      for (let t = 13; t <= 14; t++) await spool.write(snap(t));
      const flushed: number[] = [];
      await spool.flush(async (batch) => void flushed.push(...batch.map((x) => x.t)));
      // Every snapshot not reported lost is there, in order: no line was glued to a cut one.
      expect(flushed.length).toBe(14 - lost);
      expect(flushed.slice(0, 3)).toEqual([1, 2, 3]);
      expect(flushed.slice(-2)).toEqual([13, 14]);
      expect([...flushed].sort((a, b) => a - b)).toEqual(flushed);
    } finally {
      small.unmount();
    }
  }, 60_000);
});
