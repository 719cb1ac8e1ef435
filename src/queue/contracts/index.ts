import { z } from 'zod';
import { ZId } from '../../config/primitives.js';
import { ZReportRequest } from '../../report/model/report-request.js';
import { DEFAULT_DELIVERY_POLICY, deliveryJobOptions } from '../../deliver/delivery-policy.js';
import { QueueKind } from '../queue-names.js';
import { defineContract } from './job-contract.js';

export { DEFAULT_JOB_OPTIONS, jobOptions, type JobContract } from './job-contract.js';
export type { ScheduledRun, ScheduleInputs, SchedulerSpec } from './scheduler-spec.js';

/** One tick of an agent: read this host, write the samples. */
export const collectSnapshot = defineContract({
  name: 'collect-snapshot',
  queue: QueueKind.Collect,
  schema: z.strictObject({ host: ZId }),
  // A missed tick is not worth retrying: the next one is due in one interval.
  options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 200, age: 86_400 } },
  scheduler: {
    role: 'agent',
    idPrefix: 'collect:',
    runs: (i) => [{ id: `collect:${i.host}`, repeat: { every: i.agentIntervalMs }, data: { host: i.host } }],
  },
});

/** Rolls raw samples into the minute and hour tiers and trims each tier to its retention. */
export const compactStore = defineContract({
  name: 'compact-store',
  queue: QueueKind.Maintenance,
  schema: z.strictObject({}),
  options: { attempts: 2, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
  // Every 10 minutes: often enough that the minute tier is never far behind raw.
  scheduler: { role: 'worker', idPrefix: 'maintenance:compact', runs: () => [{ id: 'maintenance:compact', repeat: { every: 10 * 60_000 }, data: {} }] },
});

/** Daily: removes archived files past their retention, keeping the chain verifiable. */
export const pruneArchive = defineContract({
  name: 'prune-archive',
  queue: QueueKind.Maintenance,
  schema: z.strictObject({}),
  options: { attempts: 2, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
  // Retention is counted in days: once a day at 03:17 UTC, off the hour when reports run.
  scheduler: {
    role: 'worker',
    idPrefix: 'maintenance:prune-archive',
    runs: () => [{ id: 'maintenance:prune-archive', repeat: { pattern: '17 3 * * *', tz: 'UTC' }, data: {} }],
  },
});

/**
 * Ad-hoc runs carry the whole request; scheduled runs carry only the report name, and the period
 * is taken from the scheduler's fire time, so a late or retried run still reports the right day.
 */
export const renderReport = defineContract({
  name: 'render-report',
  queue: QueueKind.Report,
  schema: z.union([z.strictObject({ request: ZReportRequest }), z.strictObject({ scheduled: ZId, at: z.number().int().positive().optional() })]),
  options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  // One per scheduled report, in its own zone; reports that left the config lose theirs.
  scheduler: {
    role: 'worker',
    idPrefix: 'report:',
    runs: (i) => i.reports.map((r) => ({ id: `report:${r.name}`, repeat: { pattern: r.pattern, tz: r.tz }, data: { scheduled: r.name } })),
  },
});

/** Sends an archived report; separate from rendering so a failed send never re-renders. */
export const sendReport = defineContract({
  name: 'send-report',
  queue: QueueKind.Deliver,
  schema: z.strictObject({ reportId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }),
  // Enqueuers pass the options computed from their config (deliveryJobOptions); this is the fallback.
  options: deliveryJobOptions(DEFAULT_DELIVERY_POLICY),
});

/**
 * One check tick of an agent. The payload names the host and nothing else (strict: any other field
 * fails the job as unrecoverable), so no command, URL or restart can travel through Redis.
 */
export const runChecks = defineContract({
  name: 'run-checks',
  queue: QueueKind.Checks,
  schema: z.strictObject({ host: ZId }),
  // A missed tick is not worth retrying: the next one is one interval away.
  options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 200, age: 86_400 } },
  // Ticks at the shortest check interval, and each tick runs the checks that are due; none without checks.
  scheduler: {
    role: 'agent',
    idPrefix: 'checks:',
    runs: (i) => (i.checksTickMs === null ? [] : [{ id: `checks:${i.host}`, repeat: { every: i.checksTickMs }, data: { host: i.host } }]),
  },
});

/** Evaluates every alert rule once and queues the resulting notifications (one job per channel). */
export const evaluateAlerts = defineContract({
  name: 'evaluate-alerts',
  queue: QueueKind.Alerts,
  schema: z.strictObject({}),
  // The next evaluation is one tick away and decides from stored state, so a failed one is not retried.
  options: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100, age: 86_400 } },
  // One for the whole fleet; the lease keeps evaluation to one worker at a time.
  scheduler: { role: 'worker', idPrefix: 'alerts:evaluate', runs: (i) => [{ id: 'alerts:evaluate', repeat: { every: i.alertsEveryMs }, data: {} }] },
});

/** Sends one alert notification to one channel; attempts and backoff come from the channel at enqueue time. */
export const sendNotification = defineContract({
  name: 'send-notification',
  queue: QueueKind.Deliver,
  schema: z.strictObject({ notificationId: z.string().regex(/^[a-f0-9]{24}$/, 'not a notification id'), channel: ZId }),
  options: { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } },
});

/** Every job Checkup knows. Adding a job means adding its contract here and its handler in jobs/registry.ts. */
export const JOB_CONTRACTS = [collectSnapshot, renderReport, sendReport, compactStore, runChecks, evaluateAlerts, sendNotification, pruneArchive] as const;

export type AnyContract = (typeof JOB_CONTRACTS)[number];
export type JobName = AnyContract['name'];
export type ContractOf<N extends JobName> = Extract<AnyContract, { name: N }>;
export type PayloadOf<N extends JobName> = z.input<ContractOf<N>['schema']>;

export function findContract(name: string): AnyContract | undefined {
  return JOB_CONTRACTS.find((c) => c.name === name);
}
