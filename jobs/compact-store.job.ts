import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** Rolls raw samples into the minute and hour tiers and trims each tier to its retention. */
export const compactStoreJob = defineJob({
  name: 'compact-store',
  queue: QueueKind.Maintenance,
  schema: z.strictObject({}),
  options: { attempts: 2, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
  handler: async ({ deps }: { payload: Record<string, never>; deps: AppDeps }) => {
    const now = Date.now();
    let rolledUp = 0;
    let trimmed = 0;
    for (const host of await deps.hosts.list()) {
      const r = await deps.store.compact(host, now);
      rolledUp += r.rolledUp;
      trimmed += r.trimmed;
    }
    return { rolledUp, trimmed };
  },
});
