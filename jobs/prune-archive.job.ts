import { retentionFor } from '../src/archive/retention.js';
import { pruneArchive } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/** Daily: removes archived files past their retention, keeping the chain verifiable. */
export const pruneArchiveJob = defineHandler(pruneArchive, {
  handler: async ({ deps }) => {
    const pruned = await deps.archive.prune({ now: Date.now(), retentionFor: retentionFor(deps.config), reason: 'retention' });
    if (pruned.length > 0) deps.log.info({ pruned: pruned.map((e) => e.id) }, 'archive entries pruned by retention');
    return { pruned: pruned.map((e) => e.id) };
  },
});
