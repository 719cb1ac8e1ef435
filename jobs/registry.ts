import type { z } from 'zod';
import { collectSnapshotJob } from './collect-snapshot.job.js';
import { compactStoreJob } from './compact-store.job.js';
import { renderReportJob } from './render-report.job.js';
import { sendReportJob } from './send-report.job.js';
import { runChecksJob } from './run-checks.job.js';
import { evaluateAlertsJob } from './evaluate-alerts.job.js';
import { sendNotificationJob } from './send-notification.job.js';
import { pruneArchiveJob } from './prune-archive.job.js';

/** Every job Checkup runs. Adding a job means adding it here; boot fails on a duplicate name. */
export const jobRegistry = [collectSnapshotJob, renderReportJob, sendReportJob, compactStoreJob, runChecksJob, evaluateAlertsJob, sendNotificationJob, pruneArchiveJob] as const;

export type RegisteredJob = (typeof jobRegistry)[number];
export type JobName = RegisteredJob['name'];
export type JobOf<N extends JobName> = Extract<RegisteredJob, { name: N }>;
export type PayloadOf<N extends JobName> = z.input<JobOf<N>['schema']>;

export function findJob(name: string): RegisteredJob | undefined {
  return jobRegistry.find((j) => j.name === name);
}

/** Fails loudly at boot if two jobs share a name, as Immich does for handlers. */
export function assertRegistryValid(): void {
  const seen = new Set<string>();
  for (const job of jobRegistry) {
    if (seen.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
    seen.add(job.name);
  }
}
