import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueKind } from '../queue-names.js';
import type { SchedulerSpec } from './scheduler-spec.js';

/**
 * What everyone but the worker needs to know about a job: its name, queue, payload schema and
 * default options, and for scheduled jobs their scheduler spec. Enqueuers, schedulers and AppDeps depend on this, never on the handler, so the
 * handler's return type can be inferred without a type cycle through AppDeps.
 */
export type JobContract<N extends string = string, S extends z.ZodType = z.ZodType> = {
  name: N;
  queue: QueueKind;
  schema: S;
  options?: JobsOptions;
  scheduler?: SchedulerSpec<z.input<S>>;
};

export function defineContract<const N extends string, S extends z.ZodType>(c: JobContract<N, S>): JobContract<N, S> {
  return c;
}

/** Completed and failed jobs are trimmed by count and age so Redis does not grow without bound. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1_000, age: 7 * 86_400 },
  removeOnFail: { count: 5_000, age: 30 * 86_400 },
};

/** The one place a job's options are merged: defaults, then the contract's, then the caller's. */
export function jobOptions(contract: Pick<JobContract, 'options'>, extra: JobsOptions = {}): JobsOptions {
  return { ...DEFAULT_JOB_OPTIONS, ...contract.options, ...extra };
}
