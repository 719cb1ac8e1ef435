import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import type { ReportRecord, ReportRepo, LedgerEvent } from '../../report/report-repo.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
/** Recent work is sampled, not counted forever: the web role does not see every job finish. */
export const SAMPLE_JOBS = 50;
export const SAMPLE_REPORTS = 100;

/**
 * Checkup's own figures: queue depths, job and report timings over recent work, failures recorded
 * in the delivery ledger, and the archive's size.
 */
export function createAppGauges(registry: Registry) {
  const g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name: `checkup_${name}`, help, labelNames, registers: [registry] });
  const m = {
    jobs: g('queue_jobs', 'Jobs per queue and state.', ['queue', 'state']),
    workers: g('queue_workers', 'Workers connected to the queue.', ['queue']),
    duration: g('job_duration_seconds', `Run time (finished - started) over the last ${SAMPLE_JOBS} completed jobs of each queue.`, ['queue', 'stat']),
    wait: g('job_wait_seconds', `Time queued before a worker took the job, over the last ${SAMPLE_JOBS} completed jobs.`, ['queue', 'stat']),
    sampled: g('job_duration_sample_jobs', 'Completed jobs the duration figures are computed from.', ['queue']),
    reports: g('reports', `Reports by status among the last ${SAMPLE_REPORTS} requested.`, ['status']),
    render: g('report_render_seconds', `Request to archived copy (queue wait, collection, render, archive) over the last ${SAMPLE_REPORTS} reports.`, ['stat']),
    failures: g('report_failed_attempts', `Failed attempts in the ledgers of the last ${SAMPLE_REPORTS} reports, by stage.`, ['stage']),
    lastDelivered: g('report_last_delivered_timestamp_seconds', 'When a report was last delivered.'),
    archive: g('archive_entries', 'Reports in the archive manifest.'),
  };

  const update = async (opts: { queues: Queue[]; reports: ReportRepo; archiveEntries: number }) => {
    for (const gauge of Object.values(m)) gauge.reset();
    await Promise.all(opts.queues.map((q) => queueFigures(q, m)));
    const records = await opts.reports.list({ limit: SAMPLE_REPORTS });
    const ledgers = await Promise.all(records.map((r) => opts.reports.events(r.id)));
    reportFigures(records, ledgers, m);
    m.archive.set(opts.archiveEntries);
  };
  return { update };
}

type M = Record<'jobs' | 'workers' | 'duration' | 'wait' | 'sampled' | 'reports' | 'render' | 'failures' | 'lastDelivered', Gauge<string>>;

async function queueFigures(q: Queue, m: M): Promise<void> {
  const [counts, workers, done] = await Promise.all([q.getJobCounts(...JOB_STATES), q.getWorkersCount(), q.getJobs(['completed'], 0, SAMPLE_JOBS - 1, false)]);
  for (const state of JOB_STATES) m.jobs.set({ queue: q.name, state }, counts[state] ?? 0);
  m.workers.set({ queue: q.name }, workers);
  const runs: number[] = [];
  const waits: number[] = [];
  for (const j of done) {
    if (j?.processedOn && j.finishedOn) runs.push((j.finishedOn - j.processedOn) / 1000);
    if (j?.processedOn && j.timestamp) waits.push(Math.max(0, j.processedOn - j.timestamp - (j.opts.delay ?? 0)) / 1000);
  }
  m.sampled.set({ queue: q.name }, runs.length);
  stats(runs, (stat, v) => m.duration.set({ queue: q.name, stat }, v));
  stats(waits, (stat, v) => m.wait.set({ queue: q.name, stat }, v));
}

function reportFigures(records: ReportRecord[], ledgers: LedgerEvent[][], m: M): void {
  const byStatus = new Map<string, number>();
  const renders: number[] = [];
  let render = 0;
  let delivery = 0;
  let lastDelivered = 0;
  records.forEach((r, i) => {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const events = ledgers[i] ?? [];
    const archived = events.find((e) => e.stage === 'archived');
    if (archived) renders.push((archived.t - r.createdAt) / 1000);
    for (const e of events) {
      if (e.stage === 'failed' && e.detail.startsWith('send')) delivery++;
      else if (e.stage === 'failed') render++;
      if (e.stage === 'sent') lastDelivered = Math.max(lastDelivered, e.t);
    }
  });
  for (const [status, n] of byStatus) m.reports.set({ status }, n);
  stats(renders, (stat, v) => m.render.set({ stat }, v));
  m.failures.set({ stage: 'render' }, render);
  m.failures.set({ stage: 'delivery' }, delivery);
  if (lastDelivered > 0) m.lastDelivered.set(lastDelivered / 1000);
}

/** Median, 90th percentile and maximum of a sample; nothing at all for an empty one. */
function stats(values: number[], set: (stat: string, v: number) => void): void {
  if (values.length === 0) return;
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  set('p50', at(0.5));
  set('p90', at(0.9));
  set('max', s[s.length - 1]!);
}
