import type { Worker } from 'bullmq';
import type { RegisteredJob } from '../../jobs/registry.js';
import { checksLockDuration } from '../checks/select-checks.js';
import { queueName, type QueueKind } from '../queue/queue-names.js';
import { queueRole } from '../queue/queue-roles.js';
import { startWorker } from '../queue/worker-runner.js';
import type { Logger } from '../shared/logger.js';
import type { AppRuntime } from './create-deps.js';

/**
 * The one way a process starts a worker: concurrency and lock settings from the roles table. The
 * caller passes the queue's handlers (handlersFor, or agentHandlersFor in an agent) so that this
 * module imports no handler code itself.
 */
export function startQueueWorker(
  rt: AppRuntime,
  kind: QueueKind,
  jobs: readonly RegisteredJob[],
  o: { host?: string; concurrency?: number; log?: Logger } = {},
): Worker {
  const role = queueRole(kind);
  const { config } = rt.deps;
  const lock =
    role.lock === 'jobs'
      ? { lockDuration: config.jobs.lockDuration, stalledInterval: config.jobs.stalledInterval }
      : role.lock === 'checks'
        ? { lockDuration: checksLockDuration(config.checks) }
        : {};
  return startWorker({
    queue: queueName(kind, role.perHost ? o.host : undefined),
    jobs,
    deps: rt.deps,
    connection: rt.connection,
    prefix: config.redis.prefix,
    log: o.log ?? rt.deps.log,
    concurrency: o.concurrency ?? role.concurrency(),
    ...lock,
    errors: rt.outage,
  });
}
