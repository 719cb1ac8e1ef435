import type { HostSecurity } from './host-security.js';

/** Sources listed in the fleet block at most. */
const MAX_SOURCES = 20;

/**
 * The summary's security block: failed logins and new login sources across hosts, and the sources
 * that attacked several hosts (how many hosts, how many attempts in all).
 */
export function securityFleet(hosts: { id: string; security: HostSecurity }[]) {
  const collected = hosts.filter((h): h is { id: string; security: Extract<HostSecurity, { collected: true }> } => h.security.collected);
  if (collected.length === 0) return null;
  // Failed logins, sources, sudo and new logins are counted only where auth events were read: a
  // host without auth sources has no such figure, not zero of them.
  const authed = collected.filter((h) => h.security.auth.state === 'ok');
  const bySource = new Map<string, { source: string; hosts: string[]; count: number; users: Set<string> }>();
  for (const h of authed) {
    for (const s of h.security.sources) {
      if (s.source === '') continue;
      let e = bySource.get(s.source);
      if (!e) bySource.set(s.source, (e = { source: s.source, hosts: [], count: 0, users: new Set() }));
      e.hosts.push(h.id);
      e.count += s.count;
      for (const u of s.users) e.users.add(u);
    }
  }
  const shared = [...bySource.values()]
    .filter((e) => e.hosts.length > 1)
    .sort((a, b) => b.hosts.length - a.hosts.length || b.count - a.count || (a.source < b.source ? -1 : 1));
  return {
    hosts: collected.length,
    authHosts: authed.length,
    failedTotal: authed.reduce((n, h) => n + h.security.failedTotal, 0),
    sources: bySource.size,
    sharedSources: shared
      .slice(0, MAX_SOURCES)
      .map((e) => ({ source: e.source, hostCount: e.hosts.length, hosts: e.hosts, count: e.count, users: e.users.size })),
    sharedMore: Math.max(0, shared.length - MAX_SOURCES),
    newLogins: authed.flatMap((h) => h.security.accepted.filter((a) => a.newSource === true).map((a) => ({ ...a, host: h.id }))),
    sudoFailed: authed.reduce((n, h) => n + h.security.sudo.failed, 0),
    fileChanges: collected.reduce((n, h) => n + h.security.fileChanges.length, 0),
    newExposed: collected.reduce((n, h) => n + h.security.portChanges.filter((c) => c.change === 'new' && c.exposed && !c.allowed).length, 0),
  };
}
