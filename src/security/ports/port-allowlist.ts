/**
 * The exposed ports an operator expects (`security.ports.allow`): `22` (tcp and udp), `tcp/22`,
 * `udp/53`. An exposed socket on an allowed port is still listed, but raises no new-exposed-port
 * alert; IPv4 and IPv6 sockets of the same port are the same entry.
 */
import type { Proto } from './proc-net.js';

export type PortRule = { proto: Proto | null; port: number };

export function parsePortRule(text: string | number): PortRule | null {
  const m = /^(?:(tcp|udp)\/)?(\d{1,5})$/.exec(String(text).trim());
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { proto: (m[1] as Proto | undefined) ?? null, port } : null;
}

export function isAllowed(rules: PortRule[], proto: Proto, port: number): boolean {
  return rules.some((r) => r.port === port && (r.proto === null || r.proto === proto));
}
