import type { Job, MinimalJob } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import type { JobContract } from './contracts/job-contract.js';

export type JobContext<P, D> = {
  payload: P;
  job: Job;
  deps: D;
  /** Child logger carrying { queue, job, jobId }. */
  log: Logger;
};

/** What a job does when it runs; everything else about it is its contract (src/queue/contracts). */
export type JobHandlers<S extends z.ZodType, D, R> = {
  // Method syntax on purpose: registries hold jobs of different payloads side by side.
  handler(ctx: JobContext<z.output<S>, D>): Promise<R>;
  /** Delay before the next attempt when `options.backoff.type` is this job's own (BullMQ "custom" backoff). */
  backoff?(ctx: { attemptsMade: number; job: MinimalJob; deps: D }): number;
  /**
   * BullMQ failed the job without running the handler: its workers died on it more often than
   * `maxStalledCount` allows. The handler's own failure bookkeeping never ran, so this does it.
   */
  abandoned?(ctx: { payload: z.output<S>; job: Job; deps: D; reason: string }): Promise<void>;
};

/**
 * One job as a worker runs it: its contract plus its handler. Payloads are validated when added
 * and again when run; they hold ids and periods only, never secrets or rendered output, because
 * Redis keeps them in clear text.
 */
export type JobDefinition<N extends string, S extends z.ZodType, D, R = unknown> = JobContract<N, S> & JobHandlers<S, D, R>;

/** Binds a handler to its contract; payload and result types are inferred, never restated. */
export function bindHandler<const N extends string, S extends z.ZodType, D, R>(
  contract: JobContract<N, S>,
  impl: JobHandlers<S, D, R>,
): JobDefinition<N, S, D, R> {
  return { ...contract, ...impl };
}
