import { UnrecoverableError } from 'bullmq';
import { runHostChecks } from '../src/checks/run-host-checks.js';
import { runChecks } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/**
 * One check tick of an agent. The payload names the host and nothing else (strict: any other field
 * fails the job as unrecoverable), so no command, URL or restart can travel through Redis: what
 * runs is read from this agent's own config file.
 */
export const runChecksJob = defineHandler(runChecks, {
  handler: async ({ payload, deps }) => {
    if (payload.host !== deps.config.hostId) throw new UnrecoverableError(`run-checks for ${payload.host} reached the agent of ${deps.config.hostId}`);
    const out = await runHostChecks({ deps });
    return {
      ran: out.ran,
      statuses: Object.fromEntries(out.results.map((r) => [r.check, r.status])),
      restarts: out.restarts.filter((r) => r.recovered === null).length,
    };
  },
});
