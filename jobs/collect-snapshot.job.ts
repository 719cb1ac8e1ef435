import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { ZId } from '../src/config/primitives.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** One tick of an agent: read this host, write the samples. The sample time is the read time. */
export const collectSnapshotJob = defineJob({
  name: 'collect-snapshot',
  queue: QueueKind.Collect,
  schema: z.strictObject({ host: ZId }),
  // A missed tick is not worth retrying: the next one is due in one interval.
  options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: { count: 200, age: 86_400 } },
  handler: async ({ payload, deps }: { payload: { host: string }; deps: AppDeps }) => {
    if (!deps.agent || payload.host !== deps.config.hostId) {
      throw new UnrecoverableError(`collect-snapshot for ${payload.host} reached a process that is not its agent`);
    }
    return deps.agent.tick('job');
  },
});
