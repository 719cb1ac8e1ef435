/**
 * What changed between two ports snapshots, keyed by protocol, family, address and port:
 *  - `new`: a socket listens that did not;
 *  - `gone`: one no longer listens;
 *  - `process-changed`: the program holding it (lowest pid: the parent of forked workers) is a
 *    different one, by name or executable;
 *  - `restarted`: the same program under a new pid.
 * A side whose holder is unknown (unreadable without root) claims no process change.
 */
import type { Family, Proto } from './proc-net.js';
import type { ListeningSocket, PortsSnapshot } from './ports-snapshot.js';
import type { SocketProcess } from './socket-owners.js';

export type PortChangeKind = 'new' | 'gone' | 'process-changed' | 'restarted';

export type PortChange = {
  change: PortChangeKind;
  proto: Proto;
  family: Family;
  address: string;
  port: number;
  exposed: boolean;
  allowed: boolean;
  before: SocketProcess | null;
  after: SocketProcess | null;
};

const keyOf = (s: ListeningSocket): string => `${s.proto}|${s.family}|${s.address}|${s.port}`;

/** SO_REUSEPORT gives one address several sockets: one entry, its holders merged. */
function byKey(snapshot: PortsSnapshot): Map<string, { socket: ListeningSocket; main: SocketProcess | null }> {
  const out = new Map<string, { socket: ListeningSocket; main: SocketProcess | null }>();
  for (const s of snapshot.sockets) {
    const first = s.processes[0] ?? null;
    const had = out.get(keyOf(s));
    if (!had) out.set(keyOf(s), { socket: s, main: first });
    else if (first && (!had.main || first.pid < had.main.pid)) had.main = first;
  }
  return out;
}

const change = (kind: PortChangeKind, s: ListeningSocket, before: SocketProcess | null, after: SocketProcess | null): PortChange => ({
  change: kind,
  proto: s.proto,
  family: s.family,
  address: s.address,
  port: s.port,
  exposed: s.exposed,
  allowed: s.allowed,
  before,
  after,
});

export function diffPorts(before: PortsSnapshot, after: PortsSnapshot): PortChange[] {
  const a = byKey(before);
  const b = byKey(after);
  const out: PortChange[] = [];
  for (const [key, now] of b) {
    const was = a.get(key);
    if (!was) {
      out.push(change('new', now.socket, null, now.main));
      continue;
    }
    if (!was.main || !now.main) continue;
    const exeDiffers = was.main.exe !== null && now.main.exe !== null && was.main.exe !== now.main.exe;
    if (was.main.name !== now.main.name || exeDiffers) out.push(change('process-changed', now.socket, was.main, now.main));
    else if (was.main.pid !== now.main.pid) out.push(change('restarted', now.socket, was.main, now.main));
  }
  for (const [key, was] of a) if (!b.has(key)) out.push(change('gone', was.socket, was.main, null));
  return out.sort((x, y) => Number(y.exposed) - Number(x.exposed) || x.port - y.port || x.proto.localeCompare(y.proto) || x.address.localeCompare(y.address));
}
