import type { WebContext } from '../context.js';
import { summarizeHost, type HostSummary } from './host-health.js';
import { safeRead } from './safe-read.js';

export type FleetModel = Awaited<ReturnType<typeof buildFleet>>;

/** Every known host with its health, plus fleet-wide counts for the overview header. */
export async function buildFleet(ctx: WebContext, now = Date.now()) {
  const { deps } = ctx;
  const ids = await deps.hosts.list();
  const alerts = ctx.alerts ? await safeRead(deps.log, 'alerts', () => ctx.alerts!.active(), []) : null;
  const hosts: HostSummary[] = await Promise.all(
    ids.map(async (id) => {
      const [record, checks] = await Promise.all([
        deps.hosts.get(id),
        ctx.checks ? safeRead(deps.log, 'checks', () => ctx.checks!.latest(id), []) : Promise.resolve({ value: [], failed: false }),
      ]);
      return summarizeHost({ id, record, checks: checks.value, alerts: alerts?.value ?? [], now, intervalMs: deps.config.agent.interval });
    }),
  );
  const order = { fail: 0, warn: 1, ok: 2 } as const;
  hosts.sort((a, b) => order[a.status] - order[b.status] || a.id.localeCompare(b.id));
  const firing = (alerts?.value ?? []).filter((a) => a.status === 'firing');
  return {
    hosts,
    counts: {
      total: hosts.length,
      ok: hosts.filter((h) => h.status === 'ok').length,
      warn: hosts.filter((h) => h.status === 'warn').length,
      fail: hosts.filter((h) => h.status === 'fail').length,
      failingChecks: hosts.reduce((n, h) => n + h.failingChecks.length, 0),
      firingAlerts: firing.length,
    },
    tones: { warn: hosts.some((h) => h.status === 'warn') ? 'warn' : '', fail: hosts.some((h) => h.status === 'fail') ? 'fail' : '' },
    checksConfigured: ctx.checks !== undefined,
    alertsConfigured: ctx.alerts !== undefined,
    alertsFailed: alerts?.failed ?? false,
    firing,
  };
}
