import { UnrecoverableError } from 'bullmq';
import { collectSnapshot } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/** One tick of an agent: read this host, write the samples. The sample time is the read time. */
export const collectSnapshotJob = defineHandler(collectSnapshot, {
  handler: async ({ payload, deps }) => {
    if (!deps.agent || payload.host !== deps.config.hostId) {
      throw new UnrecoverableError(`collect-snapshot for ${payload.host} reached a process that is not its agent`);
    }
    return deps.agent.tick('job');
  },
});
