import type { Queue } from 'bullmq';
import type { RedisClient } from '../redis/client.js';
import type { AppConfig } from '../config/load-config.js';
import type { ReportRepo } from '../report/report-repo.js';
import { runsBetween } from '../report/schedule-times.js';
import type { Logger } from '../shared/logger.js';
import { jobOptions, renderReport } from '../queue/contracts/index.js';

/**
 * Runs that fell due while no worker was up (Monitorix skips them; users want them). For each
 * scheduled report, every fire time since the schedule was first registered, within `catchUp`,
 * that has no report record and no pending scheduler job, is queued once. Ids are derived from the
 * fire time, so a second catch-up, or the scheduler's own late job, cannot make a duplicate.
 */
export async function catchUpMissedRuns(opts: {
  queue: Queue;
  redis: RedisClient;
  config: AppConfig;
  reports: ReportRepo;
  log: Logger;
  now?: number;
}): Promise<string[]> {
  const now = opts.now ?? Date.now();
  const prefix = opts.config.redis.prefix;
  const queued: string[] = [];
  for (const [name, rc] of Object.entries(opts.config.reports)) {
    if (!rc.schedule) continue;
    const sinceKey = `${prefix}:schedule:${name}:since`;
    // A brand-new schedule has missed nothing: remember when it was first registered.
    await opts.redis.set(sinceKey, String(now), 'NX');
    const since = Number(await opts.redis.get(sinceKey));
    if (rc.catchUp <= 0) continue;
    // The minute of grace leaves the current fire time to the scheduler itself.
    for (const at of runsBetween(rc, Math.max(since, now - rc.catchUp), now - 60_000)) {
      if (await opts.reports.get(`${name}-${at}`)) continue;
      if (await opts.queue.getJob(`repeat:report:${name}:${at}`)) continue;
      await opts.queue.add(renderReport.name, { scheduled: name, at }, jobOptions(renderReport, { jobId: `catchup-${name}-${at}` }));
      queued.push(`${name}-${at}`);
    }
  }
  if (queued.length > 0) opts.log.info({ queued }, 'caught up scheduled reports missed while down');
  return queued;
}
