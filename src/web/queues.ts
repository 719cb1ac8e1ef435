import { ZId } from '../config/primitives.js';
import { QueueKind, queueName } from '../queue/queue-names.js';

/**
 * The queues the console shows: the shared ones and one collect queue per host. A host id that
 * could not name a queue (it only came from a hand-written record) is left out.
 */
export function consoleQueueNames(hostIds: string[]): string[] {
  const shared = [QueueKind.Report, QueueKind.Deliver, QueueKind.Maintenance].map((k) => queueName(k));
  const collect = hostIds.filter((h) => ZId.safeParse(h).success).map((h) => queueName(QueueKind.Collect, h));
  return [...shared, ...collect];
}
