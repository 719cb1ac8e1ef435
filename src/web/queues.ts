import type { Queue } from 'bullmq';
import type { QueueSet } from '../app/enqueue.js';
import { ZId } from '../config/primitives.js';
import { queueName } from '../queue/queue-names.js';
import { QUEUE_ROLES } from '../queue/queue-roles.js';
import type { Logger } from '../shared/logger.js';

/**
 * The queues the console shows: the shared ones and one collect queue per host. A host id that
 * could not name a queue (it only came from a hand-written record) is left out.
 */
export function consoleQueueNames(hostIds: string[]): string[] {
  const shared = QUEUE_ROLES.filter((r) => !r.perHost).map((r) => queueName(r.kind));
  const hosts = hostIds.filter((h) => ZId.safeParse(h).success);
  const perHost = QUEUE_ROLES.filter((r) => r.perHost).flatMap((r) => hosts.map((h) => queueName(r.kind, h)));
  return [...shared, ...perHost];
}

const guarded = new WeakSet<Queue>();

/**
 * A queue re-emits its connection's errors; with no listener Node treats that as fatal. The console
 * must outlive a Redis outage (it reports it on /readyz), so every queue it touches gets one.
 */
export function consoleQueue(queues: QueueSet, name: string, log: Logger): Queue {
  const q = queues.get(name);
  if (!guarded.has(q)) {
    guarded.add(q);
    q.on('error', (err: Error) => log.debug({ queue: name, err: err.message }, 'queue connection error'));
  }
  return q;
}
