import type { Job, JobsOptions, MinimalJob } from 'bullmq';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import type { QueueKind } from './queue-names.js';

export type JobContext<P, D> = {
  payload: P;
  job: Job;
  deps: D;
  /** Child logger carrying { queue, job, jobId }. */
  log: Logger;
};

/**
 * One job: its name, queue, payload schema, default options and handler. Payloads are validated
 * when added and again when run; they hold ids and periods only, never secrets or rendered output,
 * because Redis keeps them in clear text.
 */
export type JobDefinition<N extends string, S extends z.ZodType, D, R = unknown> = {
  name: N;
  queue: QueueKind;
  schema: S;
  options?: JobsOptions;
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

export function defineJob<const N extends string, S extends z.ZodType, D, R>(def: JobDefinition<N, S, D, R>): JobDefinition<N, S, D, R> {
  return def;
}

/** Completed and failed jobs are trimmed by count and age so Redis does not grow without bound. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000, age: 7 * 86_400 },
  removeOnFail: { count: 5_000, age: 30 * 86_400 },
};
