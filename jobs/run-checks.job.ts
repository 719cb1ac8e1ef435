import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { runHostChecks, type ChecksDeps } from '../src/checks/run-host-checks.js';
import type { CheckStatus } from '../src/checks/types.js';
import { ZId } from '../src/config/primitives.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** AppDeps, which provides ChecksDeps once `checks` is part of the config. */
type Deps = AppDeps & ChecksDeps;

/**
 * One check tick of an agent. The payload names the host and nothing else (strict: any other field
 * fails the job as unrecoverable), so no command, URL or restart can travel through Redis: what
 * runs is read from this agent's own config file.
 */
export const runChecksJob = defineJob({
  name: 'run-checks',
  queue: QueueKind.Checks,
  schema: z.strictObject({ host: ZId }),
  // A missed tick is not worth retrying: the next one is one interval away.
  options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 200, age: 86_400 } },
  // The return type is spelled out: inferring it would make the registry's types circular.
  handler: async ({ payload, deps }: { payload: { host: string }; deps: Deps }): Promise<{ ran: string[]; statuses: Record<string, CheckStatus>; restarts: number }> => {
    if (payload.host !== deps.config.hostId) throw new UnrecoverableError(`run-checks for ${payload.host} reached the agent of ${deps.config.hostId}`);
    const out = await runHostChecks({ deps });
    return { ran: out.ran, statuses: Object.fromEntries(out.results.map((r) => [r.check, r.status])), restarts: out.restarts.filter((r) => r.recovered === null).length };
  },
});
