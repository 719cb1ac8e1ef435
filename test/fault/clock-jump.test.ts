import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportRepo } from '../../src/report/report-repo.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { figure } from '../utils/figure.js';
import { queuePrefix } from '../../src/queue/queue-names.js';

// libfaketime from Debian (apt-get install libfaketime): it moves CLOCK_REALTIME of one process,
// here the worker's, while its monotonic clock and everyone else's clocks stay true.
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const MIN = 60_000;

function startWorker(o: { raw: object; offsetFile: string; env: Record<string, string> }): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/utils/worker-process.ts'], {
    env: {
      ...process.env,
      ...o.env,
      CHECKUP_TEST_CONFIG: JSON.stringify(o.raw),
      LD_PRELOAD: FAKETIME,
      FAKETIME_TIMESTAMP_FILE: o.offsetFile,
      // Read the offset on every call, so writing the file jumps the clock at once.
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

/** Fire times (ms) of the completed jobs of one scheduler, from the queue's event stream, with when (true clock) each completed. */
function completedFireTimes(events: QueueEvents, scheduler: string): Array<{ fire: number; doneAt: number }> {
  const out: Array<{ fire: number; doneAt: number }> = [];
  events.on('completed', ({ jobId }) => {
    const m = new RegExp(`^repeat:${scheduler}:(\\d+)$`).exec(jobId);
    if (m) out.push({ fire: Number(m[1]), doneAt: Date.now() });
  });
  return out;
}

// Issue #12: the worker's clock jumps an hour ahead, comes back, jumps an hour behind, comes back.
// BullMQ compares delayed jobs with the worker's clock, so without care a jump ahead fires the next
// runs early and dates the following ones an hour ahead, and a jump back stalls them for an hour.
describe.runIf(existsSync(FAKETIME))('worker clock jumps of ±1 h', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-clock-'));
  const offsetFile = join(dir, 'faketime');
  let sink: SmtpSink;
  let worker: ChildProcess | undefined;
  let alertEvents: QueueEvents;
  let reportEvents: QueueEvents;

  beforeAll(async () => {
    writeFileSync(offsetFile, '+0\n');
    sink = await startSmtpSink();
    alertEvents = new QueueEvents('alerts', { connection: { url: TEST_REDIS_URL }, prefix: queuePrefix(prefix, 'alerts') });
    reportEvents = new QueueEvents('report', { connection: { url: TEST_REDIS_URL }, prefix: queuePrefix(prefix, 'report') });
    await Promise.all([alertEvents.waitUntilReady(), reportEvents.waitUntilReady()]);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await Promise.all([alertEvents?.close(), reportEvents?.close(), sink?.close()]);
    await cleanupPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('neither double-fires nor skips a scheduled run: every minute report and every 1 s evaluation once', async () => {
    const evaluations = completedFireTimes(alertEvents, 'alerts:evaluate');
    const reportRuns = completedFireTimes(reportEvents, 'report:minutely');
    const raw = {
      dataDir: join(dir, 'data'),
      log: { level: 'silent' },
      redis: { url: TEST_REDIS_URL, prefix, embedded: false },
      reports: {
        minutely: { schedule: '* * * * *', timezone: 'UTC', period: 'day', formats: ['html'], catchUp: '1h', recipients: { to: ['ops@example.test'] } },
      },
      alerts: { evaluateEvery: '1s' },
    };
    worker = await startWorker({ raw, offsetFile, env: { SMTP_URL: sink.url } });
    const started = Date.now();
    // The jump ahead spans the next minute boundary B (the report due then must neither fire
    // early nor date its successor an hour ahead); the jump back comes before B if there is time,
    // else after it (evaluations must not stall for an hour).
    const boundary = Math.ceil((started + 12_000) / MIN) * MIN;
    const back = boundary - started >= 40_000 ? started + 5_000 : boundary + 10_000;
    const phases: Array<[number, string]> = [
      [boundary - 10_000, '+1h'],
      [boundary + 5_000, '+0'],
      [back, '-1h'],
      [back + 15_000, '+0'],
    ];
    phases.sort((a, b) => a[0] - b[0]);
    for (const [t, offset] of phases) {
      await sleep(Math.max(0, t - Date.now()));
      writeFileSync(offsetFile, `${offset}\n`);
    }
    await sleep(Math.max(boundary + 12_000, back + 20_000) - Date.now());
    const ended = Date.now();

    // The minute report ran for each minute boundary in the run, once, not early, for no other time.
    const due = Array.from({ length: 3 }, (_, i) => Math.ceil(started / MIN) * MIN + i * MIN).filter((t) => t <= ended);
    expect(due).toContain(boundary);
    expect(reportRuns.map((r) => r.fire).sort((a, b) => a - b)).toEqual(due);
    for (const r of reportRuns) expect(r.doneAt).toBeGreaterThanOrEqual(r.fire);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const repo = createReportRepo({ redis, prefix });
      for (const fire of due) expect((await repo.get(`minutely-${fire}`))?.status, `minutely-${fire}`).toBe('delivered');
    } finally {
      redis.disconnect();
    }
    // Evaluations: one per second of true time, none twice, none early, none dated an hour off.
    const fires = [...new Set(evaluations.map((e) => e.fire))].sort((a, b) => a - b);
    expect(fires.length).toBe(evaluations.length);
    expect(evaluations.filter((e) => e.doneAt < e.fire)).toEqual([]);
    const steady = fires.filter((t) => t >= started + 2_000 && t <= ended - 2_000);
    const gaps = steady.slice(1).map((t, i) => t - steady[i]!);
    expect(gaps.filter((g) => g !== 1_000)).toEqual([]);
    expect(steady.length).toBe(Math.round((steady[steady.length - 1]! - steady[0]!) / 1_000) + 1);
    expect(fires.filter((t) => t > ended + 2_000 || t < started - 2_000)).toEqual([]);
    figure('clock jump on the worker', {
      reportRunsDue: due.length,
      reportRuns: reportRuns.length,
      evaluations: evaluations.length,
      evaluationsTwice: evaluations.length - fires.length,
      steadyGapsOff: gaps.filter((g) => g !== 1_000).length,
    });
  }, 150_000);
});
