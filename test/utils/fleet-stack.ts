import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { parseConfig, type AppConfig } from '../../src/config/load-config.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import type { ReportRequest } from '../../src/report/model/report-request.js';
import { silentLogger } from '../../src/shared/logger.js';
import { simulateFleet } from '../../src/simulate/simulate.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from './redis.js';
import { alive, spawnWorker, type SpawnedWorker } from './spawn-worker.js';

export type FleetStack = {
  prefix: string;
  dataDir: string;
  /** The raw config workers are started with. */
  raw: Record<string, unknown>;
  config: AppConfig;
  rt: AppRuntime;
  workers: SpawnedWorker[];
  worker(opts?: { pauseAt?: string; holdAt?: string; env?: Record<string, string> }): Promise<SpawnedWorker>;
  /** Queues `reports.weekly` for the simulated fleet, as `checkup report weekly --period week` does. */
  enqueueWeekly(): Promise<ReportRequest>;
  archiveEntries(reportId: string): Promise<number>;
  /** Chromium pids recorded in <data>/run by workers' browser supervisors. */
  browserPids(): number[];
  close(): Promise<void>;
};

/**
 * A simulated fleet in a test prefix, a runtime in this process to enqueue and inspect, and worker
 * processes started on demand (each the leader of its own process group, so it can be killed as
 * `kill -9 -PGID`). Job locks are short so a dead worker's job is picked up within seconds.
 */
export async function fleetStack(opts: {
  smtpUrl: string;
  hosts?: number;
  days?: number;
  raw?: Record<string, unknown>;
  /** Environment for this process's config and every worker's (e.g. S3 credentials). */
  env?: Record<string, string>;
}): Promise<FleetStack> {
  const prefix = testPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'checkup-fault-'));
  const raw: Record<string, unknown> = {
    dataDir,
    log: { level: 'silent' },
    redis: { url: TEST_REDIS_URL, prefix, embedded: false },
    // A dead worker's job is taken over about 5 s after it died. Shorter job locks expire while
    // the event loop is busy drawing a fleet's charts, and BullMQ then counts a stall of a live worker.
    jobs: { lockDuration: '5s', stalledInterval: '1s' },
    reports: { weekly: { template: 'fleet', period: 'week', hosts: 'all', formats: ['pdf'], recipients: { to: ['ops@example.test'] } } },
    ...opts.raw,
  };
  const env = { SMTP_URL: opts.smtpUrl, ...opts.env };
  const config = parseConfig({ raw, env, source: 'test', baseDir: dataDir });
  const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
  await simulateFleet({
    store: rt.deps.store,
    hosts: rt.deps.hosts,
    checks: rt.deps.checkStore,
    count: opts.hosts ?? 4,
    days: opts.days ?? 7,
    seed: 7,
    stepMs: 300_000,
  });
  const workers: SpawnedWorker[] = [];
  const runDir = join(dataDir, 'run');
  return {
    prefix,
    dataDir,
    raw,
    config,
    rt,
    workers,
    async worker(o = {}) {
      const w = await spawnWorker({ raw, env: { ...env, ...o.env }, pauseAt: o.pauseAt, holdAt: o.holdAt });
      workers.push(w);
      return w;
    },
    async enqueueWeekly() {
      const request = buildReportRequest({ config, name: 'weekly', trigger: 'adhoc', at: Date.now(), adhoc: { period: 'week' } });
      await rt.deps.reports.create(request);
      await rt.deps.enqueue('render-report', { request });
      return request;
    },
    async archiveEntries(reportId) {
      return (await rt.deps.archive.list()).filter((e) => e.kind === 'report' && e.reportId === reportId).length;
    },
    browserPids() {
      let files: string[] = [];
      try {
        files = readdirSync(runDir).filter((f) => f.startsWith('chromium-') && f.endsWith('.json'));
      } catch {
        return [];
      }
      return files.flatMap((f) => {
        try {
          return [(JSON.parse(readFileSync(join(runDir, f), 'utf8')) as { browserPid: number }).browserPid];
        } catch {
          return [];
        }
      });
    },
    async close() {
      for (const w of workers) await w.killGroup();
      await rt.close();
      await cleanupPrefix(prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { alive };
