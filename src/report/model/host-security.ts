import type { SecurityPeriod, SecurityReader, SignalStatus } from '../../security/store/security-repo.js';
import { interpolate } from '../templates/helpers.js';

/**
 * A host's "Security" section. Every user, source, command and path here is attacker-controlled:
 * the model keeps them raw and the templates escape them ({{…}}, never {{{…}}}).
 */
export type HostSecurity = Awaited<ReturnType<typeof buildHostSecurity>>;

const TOP = 10;
const MAX_ROWS = 50;
/** Per host, the sources the fleet block compares: a source that tried few logins everywhere can fall out. */
const FLEET_SOURCES = 1_000;

/** What each capped list is called in the report. */
const DROPPED_KEYS = {
  sources: 'sec.drop.sources',
  users: 'sec.drop.users',
  accepted: 'sec.drop.accepted',
  sudo: 'sec.drop.sudo',
  accounts: 'sec.drop.accounts',
  portChanges: 'sec.drop.portChanges',
  fileChanges: 'sec.drop.fileChanges',
  minuteSources: 'sec.drop.minuteSources',
} as const;

type Ctx = { host: string; from: number; to: number; timezone: string; strings: Record<string, string>; now: number };

/** Failed logins per calendar day in the report's zone (the hours are summed into their day). */
export function perDay(hours: SecurityPeriod['failedByHour'], timezone: string): { t: number; count: number }[] {
  const key = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, { t: number; count: number }>();
  for (const h of hours) {
    const k = key.format(new Date(h.t));
    const d = days.get(k);
    if (d) d.count += h.count;
    else days.set(k, { t: h.t, count: h.count });
  }
  return [...days.values()];
}

/** What the figures rest on: since when each signal was collected, as a share of the period. */
function basis(p: SecurityPeriod, ctx: Ctx) {
  const statuses = [p.auth, p.ports, p.files, p.logins].filter((s): s is NonNullable<typeof s> => s !== null);
  if (statuses.length === 0) return null;
  const since = Math.min(...statuses.map((s) => s.since));
  const span = Math.max(1, ctx.to - ctx.from);
  const coveragePct = since <= ctx.from ? 100 : Math.max(0, (100 * (ctx.to - since)) / span);
  const problems = (
    [
      ['sec.auth', p.auth],
      ['sec.ports', p.ports],
      ['sec.files', p.files],
      ['sec.who', p.logins],
    ] as [string, SignalStatus | null][]
  ).flatMap(([key, s]) => (s?.problem ? [{ signal: ctx.strings[key] ?? key, problem: s.problem }] : []));
  return { since, partial: since > ctx.from, coveragePct, problems };
}

export async function buildHostSecurity(security: SecurityReader | undefined, ctx: Ctx) {
  if (!security) return { collected: false as const };
  const [p, ports, who] = await Promise.all([
    security.period({ host: ctx.host, from: ctx.from, to: ctx.to }),
    security.latestPorts(ctx.host),
    security.currentLogins(ctx.host),
  ]);
  const b = basis(p, ctx);
  if (!b) return { collected: false as const };
  const auth =
    p.auth === null
      ? { state: 'not-collected' as const }
      : p.auth.sources.length === 0
        ? { state: 'no-sources' as const }
        : { state: 'ok' as const, sources: p.auth.sources };
  const exposed = (ports?.sockets ?? []).filter((s) => s.exposed);
  const sockets = [...exposed, ...(ports?.sockets ?? []).filter((s) => !s.exposed)].slice(0, MAX_ROWS);
  const sudoFailures = p.sudo.filter((s) => !s.ok);
  const dropped = Object.entries(p.dropped).map(([list, n]) => {
    const key = DROPPED_KEYS[list as keyof typeof DROPPED_KEYS];
    return interpolate(ctx.strings['sec.droppedItem'] ?? '{n} {list}', { n, list: ctx.strings[key] ?? list });
  });
  return {
    collected: true as const,
    basis: b,
    auth,
    failedTotal: p.failedTotal,
    failedByDay: perDay(p.failedByHour, ctx.timezone),
    sourceCount: p.sources.length,
    topSources: p.sources.slice(0, TOP).map((s) => ({ ...s, userCount: s.users.length, usersShown: s.users.slice(0, 5) })),
    topUsers: p.users.slice(0, TOP),
    accepted: p.accepted.slice(-MAX_ROWS),
    acceptedMore: Math.max(0, p.accepted.length - MAX_ROWS),
    newSources: p.accepted.filter((a) => a.newSource === true).length,
    sudo: { ok: p.sudoCounts.ok, failed: p.sudoCounts.failed, failures: sudoFailures.slice(-MAX_ROWS), runs: p.sudo.filter((s) => s.ok).slice(-MAX_ROWS) },
    accounts: p.accounts.slice(-MAX_ROWS),
    who: who ? { time: who.time, users: who.users } : null,
    ports: ports ? { time: ports.time, sockets, exposed: exposed.length, total: ports.sockets.length, ownersComplete: ports.ownersComplete } : null,
    portChanges: p.portChanges.slice(-MAX_ROWS),
    fileChanges: p.fileChanges.slice(-MAX_ROWS),
    dropped,
    /** The busiest sources, for the fleet block (sources that attacked several hosts). */
    sources: p.sources.slice(0, FLEET_SOURCES),
  };
}
