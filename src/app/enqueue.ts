import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { findJob, type JobName, type PayloadOf } from '../../jobs/registry.js';
import { DEFAULT_JOB_OPTIONS } from '../queue/job-definition.js';
import { queueName } from '../queue/queue-names.js';
import { UsageError } from '../shared/errors.js';

export type Enqueue = <N extends JobName>(name: N, payload: PayloadOf<N>, opts?: JobsOptions & { host?: string }) => Promise<string>;

export type QueueSet = { get(name: string): Queue; close(): Promise<void> };

/** Lazily opened queues sharing one connection. */
export function createQueueSet(opts: { connection: Redis; prefix: string }): QueueSet {
  const queues = new Map<string, Queue>();
  return {
    get(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: opts.connection, prefix: opts.prefix });
        queues.set(name, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
    },
  };
}

/** Typed by job name; validates the payload before it reaches Redis. */
export function createEnqueue(queues: QueueSet): Enqueue {
  return async (name, payload, opts = {}) => {
    const def = findJob(name);
    if (!def) throw new UsageError(`unknown job "${name}"`);
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) throw new UsageError(`invalid payload for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { host, ...jobOpts } = opts;
    const queue = queues.get(queueName(def.queue, host));
    const job = await queue.add(name, parsed.data, { ...DEFAULT_JOB_OPTIONS, ...def.options, ...jobOpts });
    return job.id ?? '';
  };
}
