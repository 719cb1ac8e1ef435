import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import { ConfigError } from '../src/shared/errors.js';
import { notifyReportFailure } from '../src/alert/index.js';
import type { AppDeps } from '../src/app/deps.js';
import { renderReport as renderReportContract } from '../src/queue/contracts/index.js';
import type { ReportRequest } from '../src/report/model/report-request.js';
import { deliveryJobOptions } from '../src/deliver/delivery-policy.js';
import { renderReport } from '../src/report/render-report.js';
import { buildReportRequest } from '../src/report/request-factory.js';
import { isWeekend } from '../src/report/schedule-times.js';
import { defineHandler } from './define-handler.js';

type SchedulerJob = { id?: string; timestamp: number; opts: { prevMillis?: number } };

/**
 * When a scheduler run was due: BullMQ stores it as `prevMillis` and in the job id
 * "repeat:<scheduler id>:<ms>"; the job's creation time is the last resort.
 */
export function fireTime(job: SchedulerJob): number {
  if (typeof job.opts.prevMillis === 'number') return job.opts.prevMillis;
  const ms = Number(/:(\d{10,})$/.exec(job.id ?? '')?.[1]);
  return Number.isFinite(ms) ? ms : job.timestamp;
}

function requestOf(o: { payload: z.output<typeof renderReportContract.schema>; job: SchedulerJob; deps: AppDeps }): ReportRequest {
  const { payload } = o;
  return 'request' in payload
    ? payload.request
    : buildReportRequest({ config: o.deps.config, name: payload.scheduled, trigger: 'schedule', at: payload.at ?? fireTime(o.job) });
}

export const renderReportJob = defineHandler(renderReportContract, {
  handler: async ({ payload, job, deps }) => {
    if ('scheduled' in payload) {
      const at = payload.at ?? fireTime(job);
      const rc = deps.config.reports[payload.scheduled];
      if (rc?.workdaysOnly && isWeekend(at, rc.timezone)) return { skipped: 'weekend' as const };
    }
    const request = requestOf({ payload, job, deps });
    try {
      // BullMQ's lock key for this job ("<queue prefix>:<queue>:<id>:lock"): the render lease is fenced to it.
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
      if (final)
        await notifyReportFailure({ deps, reportId: request.id, error: detail }).catch((e: unknown) =>
          deps.log.error({ err: e }, 'report failure alert not queued'),
        );
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
