import type { AlertStore } from './alert-store.js';
import type { SilenceStore } from './silences.js';
import type { AlertReader } from './types.js';

/** Read side for reports and the console. History holds resolved alerts plus those still active. */
export function createAlertReader(opts: { store: Pick<AlertStore, 'records' | 'history' | 'log'>; silences: Pick<SilenceStore, 'list'> }): AlertReader {
  const { store, silences } = opts;
  const current = async () => [...(await store.records()).values()].map((r) => r.instance);
  return {
    async active() {
      return (await current()).filter((a) => a.status !== 'resolved').sort((a, b) => a.since - b.since);
    },
    async history(q) {
      const past = await store.history(q);
      const open = (await current()).filter((a) => a.status === 'firing' && a.since <= q.to);
      return [...past, ...open].filter((a) => q.host === undefined || a.host === q.host).sort((a, b) => a.since - b.since);
    },
    silences: () => silences.list(),
    async notifications(q) {
      const all = (await store.log(q)).filter((e) => q.host === undefined || e.host === q.host).sort((a, b) => b.t - a.t);
      return q.limit === undefined ? all : all.slice(0, q.limit);
    },
  };
}
