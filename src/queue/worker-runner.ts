import { UnrecoverableError, Worker, type Job, type MinimalJob } from 'bullmq';
import type { RedisClient } from '../redis/client.js';
import { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import { ConfigError } from '../shared/errors.js';
import type { JobDefinition } from './job-definition.js';
import type { OutageReporter } from './outage-reporter.js';
import { queuePrefix } from './queue-names.js';

// The registry holds jobs with different payload types; here they are handled uniformly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous registry entries
type AnyJob<D> = JobDefinition<string, z.ZodType, D, any>;

/** BullMQ's reason for a job whose workers died on it more than `maxStalledCount` times. */
const STALLED_OUT = /stalled more than allowable limit/;

/**
 * One BullMQ worker for one queue, dispatching by job name. A payload that fails its schema, or a
 * job name with no handler, fails as unrecoverable with the reason.
 */
export function startWorker<D>(opts: {
  queue: string;
  jobs: readonly AnyJob<D>[];
  deps: D;
  connection: RedisClient;
  prefix: string;
  log: Logger;
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
  /** Throttles connection errors during an outage; without it every error is logged. */
  errors?: OutageReporter;
}): Worker {
  const byName = new Map(opts.jobs.map((j) => [j.name, j]));
  const processor = async (job: Job) => {
    const def = byName.get(job.name);
    const log = opts.log.child({ queue: opts.queue, job: job.name, jobId: job.id });
    if (!def) throw new UnrecoverableError(`no handler for job "${job.name}" on queue ${opts.queue}`);
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${z.prettifyError(parsed.error)}`);
    try {
      return await def.handler({ payload: parsed.data, job, deps: opts.deps, log });
    } catch (err) {
      if (err instanceof ConfigError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
  const worker = new Worker(opts.queue, processor, {
    connection: opts.connection,
    prefix: queuePrefix(opts.prefix, opts.queue),
    concurrency: opts.concurrency ?? 1,
    ...(opts.lockDuration ? { lockDuration: opts.lockDuration } : {}),
    ...(opts.stalledInterval ? { stalledInterval: opts.stalledInterval } : {}),
    // Jobs with a backoff type of their own compute their delays (send-report: capped, to a deadline).
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) => {
        const def = job ? byName.get(job.name) : undefined;
        return def?.backoff && job ? def.backoff({ attemptsMade, job, deps: opts.deps }) : 0;
      },
    },
  });
  worker.on('error', (err) => (opts.errors ? opts.errors.error(`worker ${opts.queue}`, err) : opts.log.error({ err, queue: opts.queue }, 'worker error')));
  worker.on('failed', (job, err) => {
    opts.log.warn({ queue: opts.queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed');
    // BullMQ fails a job whose workers died on it too often before any handler runs; nothing
    // else would mark its report failed or raise an alert.
    const def = job ? byName.get(job.name) : undefined;
    if (!job || !def?.abandoned || !STALLED_OUT.test(err.message)) return;
    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) return;
    void def
      .abandoned({ payload: parsed.data, job, deps: opts.deps, reason: err.message })
      .catch((e: unknown) => opts.log.error({ err: e, jobId: job.id }, 'could not record an abandoned job'));
  });
  return worker;
}
