import { maintenanceFor } from '../alert/maintenance.js';
import type { ChecksConfig } from '../config/checks-schema.js';
import type { MaintenanceConfig } from '../config/alerts-schema.js';
import { computeAvailability } from './availability.js';
import type { CheckStore } from './check-store.js';
import type { CheckStateReader } from './types.js';

/**
 * Read side for reports and the console, from Redis. `checks` (when known) supplies each check's
 * retries for the accounting sentence; maintenance windows come from the alerts config.
 */
export function createCheckStateReader(opts: {
  store: Pick<CheckStore, 'states' | 'transitions' | 'restarts' | 'segments'>;
  checks?: ChecksConfig;
  maintenance?: readonly MaintenanceConfig[];
  now?: () => number;
}): CheckStateReader {
  const { store } = opts;
  const now = opts.now ?? Date.now;
  return {
    async latest(host) {
      const states = await store.states(host);
      return [...states.values()].flatMap((s) => (s.latest ? [s.latest] : [])).sort((a, b) => a.check.localeCompare(b.check));
    },
    transitions: (q) => store.transitions(q),
    restarts: (q) => store.restarts(q),
    async availability(q) {
      const states = await store.states(q.host);
      const out = [];
      for (const state of [...states.values()].sort((a, b) => a.check.localeCompare(b.check))) {
        const segments = await store.segments(q.host, state.check, q.from, q.to);
        const config = opts.checks?.find((c) => c.name === state.check);
        out.push(
          computeAvailability({
            host: q.host,
            check: state.check,
            from: q.from,
            to: q.to,
            now: now(),
            segments,
            open: state.open && state.open.from <= q.to ? state.open : null,
            maintenance: maintenanceFor(opts.maintenance ?? [], { host: q.host, check: state.check }, q.from, q.to),
            retries: config?.retries ?? null,
            intervalMs: state.intervalMs,
          }),
        );
      }
      return out;
    },
  };
}
