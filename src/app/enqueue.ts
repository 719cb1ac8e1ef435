import { Queue, type JobsOptions } from 'bullmq';
import type { RedisClient } from '../redis/client.js';
import { findContract, jobOptions, type JobName, type PayloadOf } from '../queue/contracts/index.js';
import { queueName, queuePrefix } from '../queue/queue-names.js';
import { UsageError } from '../shared/errors.js';

export type Enqueue = <N extends JobName>(name: N, payload: PayloadOf<N>, opts?: JobsOptions & { host?: string }) => Promise<string>;

export type QueueSet = { get(name: string): Queue; close(): Promise<void> };

/** Lazily opened queues sharing one connection. */
export function createQueueSet(opts: { connection: RedisClient; prefix: string; onError?: (err: Error, queue: string) => void }): QueueSet {
  const queues = new Map<string, Queue>();
  return {
    get(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: opts.connection, prefix: queuePrefix(opts.prefix, name) });
        // Without a listener, a Redis outage raises an unhandled 'error' event and ends the process.
        q.on('error', (err) => opts.onError?.(err, name));
        queues.set(name, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => withTimeout(q.close(), 3_000)));
      queues.clear();
    },
  };
}

/** Closing waits for Redis; during an outage, give up after a while rather than hang shutdown. */
export async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Typed by job name; validates the payload before it reaches Redis. */
export function createEnqueue(queues: QueueSet): Enqueue {
  return async (name, payload, opts = {}) => {
    const def = findContract(name);
    if (!def) throw new UsageError(`unknown job "${name}"`);
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) throw new UsageError(`invalid payload for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { host, ...jobOpts } = opts;
    const queue = queues.get(queueName(def.queue, host));
    const job = await queue.add(name, parsed.data, jobOptions(def, jobOpts));
    return job.id ?? '';
  };
}
