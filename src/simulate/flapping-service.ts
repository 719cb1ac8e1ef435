import type { Rng } from '../analyze/prng.js';
import type { CheckWrite, CheckStore } from '../checks/check-store.js';
import { initialState, type Segment } from '../checks/check-state.js';
import type { CheckStatus, CheckTransition, RestartRecord } from '../checks/types.js';
import type { AlertStore } from '../alert/alert-store.js';

const CHECK = 'sim-service';

/**
 * A service that goes down for 5–25 minutes every few hours and comes back by itself: written as
 * the check history an agent would have left (segments, transitions, current state), so reports
 * show its availability, incidents and flaps like any real check.
 */
export async function writeFlappingService(opts: {
  checks: CheckStore;
  alerts?: AlertStore;
  host: string;
  from: number;
  to: number;
  rng: Rng;
  intervalMs: number;
}): Promise<number> {
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
  // Each outage: the agent restarts the service a minute in (it usually comes back), and an alert
  // fires and resolves, as a real check with `restart` and an alert rule would leave it.
  const outages = segments.filter((seg) => seg.status === 'fail');
  const restarts: RestartRecord[] = outages.map((seg, i) => ({
    id: `${seg.from + 60_000}-${CHECK}`,
    t: seg.from + 60_000,
    host: opts.host,
    check: CHECK,
    reason: seg.message,
    command: 'systemctl restart sim-service.service',
    exitCode: 0,
    recovered: i % 5 !== 4,
    budgetLeft: 2,
  }));
  const writes: CheckWrite[] = segments.map((seg, i) => ({
    state,
    closed: seg,
    transition: transitions[i] ?? null,
    restarts: seg.status === 'fail' ? restarts.filter((r) => r.t === seg.from + 60_000) : [],
  }));
  await opts.checks.write(opts.host, writes, opts.to);
  await opts.alerts?.commit(
    {
      upsert: [],
      remove: [],
      groups: [],
      notifications: [],
      log: [],
      resolved: outages.map((seg) => ({
        key: `sim-service-down|${opts.host}`,
        rule: 'sim-service-down',
        host: opts.host,
        labels: { check: CHECK },
        severity: 'critical' as const,
        status: 'resolved' as const,
        since: seg.from,
        firedAt: Math.min(seg.to, seg.from + 60_000),
        resolvedAt: seg.to,
        value: null,
        message: `check ${CHECK} failing: ${seg.message}`,
      })),
    },
    opts.to,
  );
  return transitions.filter((x) => x.to === 'fail').length;
}
