import type { Queue } from 'bullmq';
import type { AppDeps } from '../app/deps.js';
import { jobOptions, sendReport } from '../queue/contracts/index.js';
import { UsageError } from '../shared/errors.js';
import { recipientGroup } from './delivery-ledger.js';
import { deliveryJobOptions } from './delivery-policy.js';

export type RetryOutcome = { outcome: 'queued' | 'promoted' | 'already-sent' | 'in-progress' | 'no-recipients'; detail: string };

/**
 * `checkup deliveries retry ID`: sends a report whose delivery failed, once. Exactly once holds
 * because there is only ever one send job per report (job id `send-<id>`: a failed or finished one
 * is replaced, a pending one is left or run now), and the ledger never sends a group marked sent.
 * The new job is a new round: a new deadline, and a new report-undelivered alert if it fails too.
 */
export async function retryDelivery(o: {
  deps: Pick<AppDeps, 'reports' | 'deliveryLedger' | 'config'>;
  queue: Queue;
  reportId: string;
}): Promise<RetryOutcome> {
  const { deps, reportId } = o;
  const record = await deps.reports.get(reportId);
  if (!record) throw new UsageError(`no report "${reportId}"`);
  if (!record.archiveId)
    throw new UsageError(`report ${reportId} was never rendered and archived (status ${record.status}): there is nothing to deliver; run the report again`);
  const { to, cc, bcc } = record.request.recipients;
  if (to.length + cc.length + bcc.length === 0) return { outcome: 'no-recipients', detail: `report ${reportId} has no recipients: nothing to send` };
  const sent = await deps.deliveryLedger.read(reportId, recipientGroup({ to, cc, bcc }));
  if (sent?.state === 'sent')
    return {
      outcome: 'already-sent',
      detail: `report ${reportId} was already sent as ${sent.messageId} at ${new Date(sent.at).toISOString()}: nothing sent again`,
    };

  const jobId = `send-${reportId}`;
  const job = await o.queue.getJob(jobId);
  const state = job ? await job.getState() : 'missing';
  if (job && state === 'delayed') {
    await job.promote();
    await deps.reports.log(reportId, { stage: 'retried', detail: 'delivery retried by hand: the waiting attempt runs now' });
    return { outcome: 'promoted', detail: `delivery of ${reportId} was waiting for its next attempt: it runs now` };
  }
  if (job && (state === 'active' || state === 'waiting' || state === 'prioritized' || state === 'waiting-children')) {
    return { outcome: 'in-progress', detail: `delivery of ${reportId} is already ${state === 'active' ? 'being sent' : 'queued'}: nothing more queued` };
  }
  // Failed or finished (a success would have shown in the ledger): replace it with a new round.
  // A second `retry` at the same moment finds the job gone, and its add below is a no-op.
  if (job) await job.remove().catch(() => undefined);
  await o.queue.add(sendReport.name, { reportId }, jobOptions(sendReport, { ...deliveryJobOptions(deps.config.deliver), jobId }));
  await deps.reports.update(reportId, { status: 'rendered', error: null });
  await deps.reports.log(reportId, {
    stage: 'retried',
    detail: `delivery retried by hand (the last attempt ${state === 'missing' ? 'is no longer queued' : `had ${state}`})`,
  });
  return { outcome: 'queued', detail: `delivery of ${reportId} queued again` };
}
