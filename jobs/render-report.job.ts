import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { ConfigError } from '../src/shared/errors.js';
import { notifyReportFailure } from '../src/alert/index.js';
import type { AppDeps } from '../src/app/deps.js';
import { ZId } from '../src/config/primitives.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';
import { ZReportRequest, type ReportRequest } from '../src/report/model/report-request.js';
import { deliveryJobOptions } from '../src/deliver/delivery-policy.js';
import { renderReport } from '../src/report/render-report.js';
import { buildReportRequest } from '../src/report/request-factory.js';
import { isWeekend } from '../src/report/schedule-times.js';

/**
 * Ad-hoc runs carry the whole request; scheduled runs carry only the report name, and the period
 * is taken from the scheduler's fire time, so a late or retried run still reports the right day.
 */
const ZPayload = z.union([z.strictObject({ request: ZReportRequest }), z.strictObject({ scheduled: ZId, at: z.number().int().positive().optional() })]);

type SchedulerJob = { id?: string; timestamp: number; opts: { prevMillis?: number } };
type RunningJob = SchedulerJob & { attemptsMade: number; token?: string; queueQualifiedName?: string; opts: { attempts?: number }; updateProgress(p: number): Promise<void> };

/**
 * When a scheduler run was due: BullMQ stores it as `prevMillis` and in the job id
 * "repeat:<scheduler id>:<ms>"; the job's creation time is the last resort.
 */
export function fireTime(job: SchedulerJob): number {
  if (typeof job.opts.prevMillis === 'number') return job.opts.prevMillis;
  const ms = Number(/:(\d{10,})$/.exec(job.id ?? '')?.[1]);
  return Number.isFinite(ms) ? ms : job.timestamp;
}

function requestOf(o: { payload: z.output<typeof ZPayload>; job: SchedulerJob; deps: AppDeps }): ReportRequest {
  const { payload } = o;
  return 'request' in payload ? payload.request : buildReportRequest({ config: o.deps.config, name: payload.scheduled, trigger: 'schedule', at: payload.at ?? fireTime(o.job) });
}

export const renderReportJob = defineJob({
  name: 'render-report',
  queue: QueueKind.Report,
  schema: ZPayload,
  options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  handler: async ({ payload, job, deps }: { payload: z.output<typeof ZPayload>; job: RunningJob; deps: AppDeps }) => {
    if ('scheduled' in payload) {
      const at = payload.at ?? fireTime(job);
      const rc = deps.config.reports[payload.scheduled];
      if (rc?.workdaysOnly && isWeekend(at, rc.timezone)) return { skipped: 'weekend' as const };
    }
    const request = requestOf({ payload, job, deps });
    try {
      // BullMQ's lock key for this job ("<prefix>:<queue>:<id>:lock"): the render lease is fenced to it.
      const fence = job.token && job.queueQualifiedName && job.id ? { key: `${job.queueQualifiedName}:${job.id}:lock`, token: job.token } : undefined;
      const out = await renderReport({ deps, request, progress: (p) => job.updateProgress(p), fence });
      // The jobId makes a second enqueue of the same delivery a no-op while the first exists.
      await deps.enqueue('send-report', { reportId: request.id }, { jobId: `send-${request.id}`, ...deliveryJobOptions(deps.config.deliver) });
      return out;
    } catch (err) {
      // The ledger and the CLI must see a final "failed" when no retry is coming.
      const final = err instanceof UnrecoverableError || err instanceof ConfigError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const detail = `render attempt ${job.attemptsMade + 1}: ${(err as Error).message}`;
      await deps.reports.update(request.id, final ? { status: 'failed', error: detail } : { error: detail });
      await deps.reports.log(request.id, { stage: 'failed', detail });
      if (final) await notifyReportFailure({ deps, reportId: request.id, error: detail }).catch((e: unknown) => deps.log.error({ err: e }, 'report failure alert not queued'));
      throw err;
    }
  },
  abandoned: async ({ payload, job, deps }) => {
    // Twice is BullMQ's default maxStalledCount (1) plus one: a report that kills its worker is not tried forever.
    const request = requestOf({ payload, job, deps });
    const detail = 'render abandoned: its worker died (or stalled) twice while rendering it (BullMQ: job stalled more than allowable limit)';
    await deps.reports.update(request.id, { status: 'failed', error: detail });
    await deps.reports.log(request.id, { stage: 'failed', detail });
    await notifyReportFailure({ deps, reportId: request.id, error: detail });
  },
});
