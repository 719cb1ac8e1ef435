import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { retentionFor } from '../src/archive/retention.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** Daily: removes archived files past their retention, keeping the chain verifiable. */
export const pruneArchiveJob = defineJob({
  name: 'prune-archive',
  queue: QueueKind.Maintenance,
  schema: z.strictObject({}),
  options: { attempts: 2, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
  handler: async ({ deps }: { payload: Record<string, never>; deps: AppDeps }): Promise<{ pruned: string[] }> => {
    const pruned = await deps.archive.prune({ now: Date.now(), retentionFor: retentionFor(deps.config), reason: 'retention' });
    if (pruned.length > 0) deps.log.info({ pruned: pruned.map((e) => e.id) }, 'archive entries pruned by retention');
    return { pruned: pruned.map((e) => e.id) };
  },
});
