import type { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import type { JobContract } from '../src/queue/contracts/job-contract.js';
import { bindHandler, type JobDefinition, type JobHandlers } from '../src/queue/job-definition.js';

/** A handler for one contract, given the app's deps. AppDeps depends on contracts only, so nothing here is circular. */
export function defineHandler<const N extends string, S extends z.ZodType, R>(
  contract: JobContract<N, S>,
  impl: JobHandlers<S, AppDeps, R>,
): JobDefinition<N, S, AppDeps, R> {
  return bindHandler(contract, impl);
}
