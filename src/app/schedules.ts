import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/load-config.js';
import { compactStore, jobOptions, pruneArchive, renderReport } from '../queue/contracts/index.js';
import type { Logger } from '../shared/logger.js';
import { effectivePattern } from '../report/schedule-times.js';

const REPORT_PREFIX = 'report:';

/**
 * Registers one BullMQ job scheduler per scheduled report, with its IANA zone, and removes the
 * schedulers of reports no longer in the config. Upsert makes a restart a no-op.
 */
export async function syncReportSchedules(opts: { queue: Queue; config: AppConfig; log: Logger }): Promise<{ active: string[]; removed: string[] }> {
  const wanted = new Map(Object.entries(opts.config.reports).filter(([, r]) => r.schedule !== undefined));
  for (const [name, rc] of wanted) {
    await opts.queue.upsertJobScheduler(
      `${REPORT_PREFIX}${name}`,
      { pattern: effectivePattern(rc) ?? undefined, tz: rc.timezone },
      { name: renderReport.name, data: { scheduled: name }, opts: jobOptions(renderReport) },
    );
  }
  const removed: string[] = [];
  for (const s of await opts.queue.getJobSchedulers(0, -1)) {
    const id = s.key;
    if (!id.startsWith(REPORT_PREFIX) || wanted.has(id.slice(REPORT_PREFIX.length))) continue;
    await opts.queue.removeJobScheduler(id);
    removed.push(id);
  }
  if (removed.length > 0) opts.log.info({ removed }, 'removed schedules no longer in the config');
  return { active: [...wanted.keys()], removed };
}

/** Store compaction every 10 minutes: often enough that the minute tier is never far behind raw. */
export async function syncMaintenanceSchedules(queue: Queue): Promise<void> {
  await queue.upsertJobScheduler('maintenance:compact', { every: 10 * 60_000 }, { name: compactStore.name, data: {}, opts: jobOptions(compactStore) });
  // Archive retention is counted in days: once a day at 03:17 UTC, off the hour when reports run.
  await queue.upsertJobScheduler(
    'maintenance:prune-archive',
    { pattern: '17 3 * * *', tz: 'UTC' },
    { name: pruneArchive.name, data: {}, opts: jobOptions(pruneArchive) },
  );
}
