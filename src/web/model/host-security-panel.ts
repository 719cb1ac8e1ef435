import type { SecurityReader } from '../../security/store/security-repo.js';
import type { Logger } from '../../shared/logger.js';
import { safeRead } from './safe-read.js';

/**
 * The host page's security panel over the page's window. Users, sources, commands and paths are
 * attacker-controlled: kept raw here, escaped by the page template.
 */
export async function hostSecurityPanel(o: { security: SecurityReader; log: Logger; host: string; from: number; to: number }) {
  const read = await safeRead(
    o.log,
    'security',
    async () => {
      const [p, ports] = await Promise.all([o.security.period({ host: o.host, from: o.from, to: o.to }), o.security.latestPorts(o.host)]);
      return { p, ports };
    },
    null,
  );
  if (!read.value) return { failed: read.failed, collected: false };
  const { p, ports } = read.value;
  const collected = [p.auth, p.ports, p.files, p.logins].some((s) => s !== null);
  return {
    failed: read.failed,
    collected,
    noAuthSources: p.auth !== null && p.auth.sources.length === 0,
    failedTotal: p.failedTotal,
    sources: p.sources.slice(0, 5),
    users: p.users.slice(0, 5),
    accepted: p.accepted.slice(-10).reverse(),
    sudoFailed: p.sudoCounts.failed,
    exposed: (ports?.sockets ?? []).filter((s) => s.exposed).slice(0, 20),
    portChanges: p.portChanges.slice(-10).reverse(),
    fileChanges: p.fileChanges.slice(-10).reverse(),
  };
}
