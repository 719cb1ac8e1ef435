import { compactStore } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/** Rolls raw samples into the minute and hour tiers and trims each tier to its retention. */
export const compactStoreJob = defineHandler(compactStore, {
  handler: async ({ deps }) => {
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
