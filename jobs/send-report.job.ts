import { UnrecoverableError } from 'bullmq';
import { notifyReportFailure } from '../src/alert/index.js';
import { deliverReport } from '../src/deliver/deliver-report.js';
import { deliveryDelay, isPermanentMailError } from '../src/deliver/delivery-policy.js';
import { sendReport } from '../src/queue/contracts/index.js';
import { formatDuration } from '../src/shared/duration.js';
import { defineHandler } from './define-handler.js';

/**
 * Sends an archived report. Separate from rendering so a failed send never re-renders. A relay
 * that is down is retried with a capped backoff until `deliver.deadline` after the report was
 * archived (the job's creation), which survives worker restarts since BullMQ keeps both.
 */
export const sendReportJob = defineHandler(sendReport, {
  backoff: ({ attemptsMade, job, deps }) => deliveryDelay(deps.config.deliver, { attemptsMade, readyAt: job.timestamp, now: Date.now() }),
  handler: async ({ payload, job, deps }) => {
    await deps.reports.update(payload.reportId, { status: 'delivering', progress: 95 });
    const ledger = deps.deliveryLedger;
    const attempt = job.attemptsMade + 1;
    try {
      const out = await deliverReport({ deps, ledger, reportId: payload.reportId, attempt });
      const done = out.skipped === 'no-recipients' ? 'completed' : 'delivered';
      const record = await deps.reports.get(payload.reportId);
      const ids = out.messageId ? [...new Set([...(record?.messageIds ?? []), out.messageId])] : (record?.messageIds ?? []);
      await deps.reports.update(payload.reportId, { status: done, progress: 100, messageIds: ids, error: null });
      return out;
    } catch (err) {
      const now = Date.now();
      const policy = deps.config.deliver;
      const deadline = job.timestamp + policy.deadline;
      const permanent = isPermanentMailError(err);
      const last = permanent || now >= deadline || attempt >= (job.opts.attempts ?? 1);
      const next = deliveryDelay(policy, { attemptsMade: attempt, readyAt: job.timestamp, now });
      const why = permanent ? 'the mail server refused it for good' : `not delivered by its deadline ${new Date(deadline).toISOString()}`;
      const detail = `send attempt ${attempt}: ${(err as Error).message}${last ? ` (${why})` : `; next attempt in ${formatDuration(next)}, until ${new Date(deadline).toISOString()}`}`;
      await deps.reports.log(payload.reportId, { stage: 'failed', detail });
      await deps.reports.update(payload.reportId, last ? { status: 'failed', error: detail } : { error: detail });
      if (!last) throw err;
      // Reports must never fail silently: the other alert channels hear of it. One alert per
      // delivery round (a `deliveries retry` is a new round, a new job).
      await notifyReportFailure({ deps, reportId: payload.reportId, error: detail, undelivered: true, round: String(job.timestamp) }).catch((e: unknown) =>
        deps.log.error({ err: e }, 'report-undelivered alert not queued'),
      );
      throw new UnrecoverableError(detail);
    }
  },
  abandoned: async ({ payload, job, deps }) => {
    const detail = 'send abandoned: its worker died (or stalled) twice while sending it (BullMQ: job stalled more than allowable limit)';
    await deps.reports.update(payload.reportId, { status: 'failed', error: detail });
    await deps.reports.log(payload.reportId, { stage: 'failed', detail });
    await notifyReportFailure({ deps, reportId: payload.reportId, error: detail, undelivered: true, round: String(job.timestamp) });
  },
});
