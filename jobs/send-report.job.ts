import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { notifyReportFailure } from '../src/alert/index.js';
import { createDeliveryLedger } from '../src/deliver/delivery-ledger.js';
import { deliverReport } from '../src/deliver/deliver-report.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** Sends an archived report. Separate from rendering so a failed send never re-renders. */
export const sendReportJob = defineJob({
  name: 'send-report',
  queue: QueueKind.Deliver,
  schema: z.strictObject({ reportId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }),
  options: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  handler: async ({ payload, job, deps }: { payload: { reportId: string }; job: { attemptsMade: number; opts: { attempts?: number } }; deps: AppDeps }) => {
    await deps.reports.update(payload.reportId, { status: 'delivering', progress: 95 });
    const ledger = createDeliveryLedger({ redis: deps.redis, prefix: deps.config.redis.prefix });
    try {
      const out = await deliverReport({ deps, ledger, reportId: payload.reportId, attempt: job.attemptsMade + 1 });
      const done = out.skipped === 'no-recipients' ? 'completed' : 'delivered';
      const record = await deps.reports.get(payload.reportId);
      const ids = out.messageId ? [...new Set([...(record?.messageIds ?? []), out.messageId])] : (record?.messageIds ?? []);
      await deps.reports.update(payload.reportId, { status: done, progress: 100, messageIds: ids, error: null });
      return out;
    } catch (err) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const detail = `send attempt ${job.attemptsMade + 1}/${job.opts.attempts ?? 1}: ${(err as Error).message}`;
      await deps.reports.log(payload.reportId, { stage: 'failed', detail });
      await deps.reports.update(payload.reportId, last ? { status: 'failed', error: detail } : { error: detail });
      // Reports must never fail silently: after the last retry an alert goes out on its channels.
      if (last) await notifyReportFailure({ deps, reportId: payload.reportId, error: detail }).catch((e: unknown) => deps.log.error({ err: e }, 'report failure alert not queued'));
      throw err;
    }
  },
});
