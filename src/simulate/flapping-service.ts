import type { Rng } from '../analyze/prng.js';
import type { CheckWrite, CheckStore } from '../checks/check-store.js';
import { initialState, type Segment } from '../checks/check-state.js';
import type { CheckStatus, CheckTransition } from '../checks/types.js';

const CHECK = 'sim-service';

/**
 * A service that goes down for 5–25 minutes every few hours and comes back by itself: written as
 * the check history an agent would have left (segments, transitions, current state), so reports
 * show its availability, incidents and flaps like any real check.
 */
export async function writeFlappingService(opts: { checks: CheckStore; host: string; from: number; to: number; rng: Rng; intervalMs: number }): Promise<number> {
  const segments: Segment[] = [];
  const transitions: CheckTransition[] = [];
  let t = opts.from;
  let prev: CheckStatus | null = null;
  while (t < opts.to) {
    const up = Math.round((2 + opts.rng.next() * 6) * 3_600_000);
    const down = Math.round((5 + opts.rng.next() * 20) * 60_000);
    for (const [status, len, message] of [
      ['ok', up, 'HTTP 200 in 42 ms'],
      ['fail', down, 'connect ECONNREFUSED 127.0.0.1:8080'],
    ] as const) {
      const end = Math.min(opts.to, t + len);
      if (end <= t) break;
      segments.push({ from: t, to: end, status, message });
      transitions.push({ host: opts.host, check: CHECK, from: prev, to: status, t, message });
      prev = status;
      t = end;
    }
  }
  const last = segments[segments.length - 1]!;
  const state = {
    ...initialState(CHECK, opts.intervalMs),
    status: last.status,
    since: last.from,
    lastRunAt: opts.to,
    latest: { host: opts.host, check: CHECK, kind: 'http' as const, status: last.status, latencyMs: 42, message: last.message, t: opts.to },
  };
  const writes: CheckWrite[] = segments.map((s, i) => ({ state, closed: s, transition: transitions[i] ?? null }));
  await opts.checks.write(opts.host, writes, opts.to);
  return transitions.filter((x) => x.to === 'fail').length;
}
