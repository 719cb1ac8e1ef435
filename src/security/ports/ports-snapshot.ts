/**
 * One look at the listening sockets, like `ss -ltnup`: protocol, address, port, who can reach it,
 * the socket's user, and the processes holding it.
 */
import { readListeningSockets, type Family, type Proto } from './proc-net.js';
import { isAllowed, type PortRule } from './port-allowlist.js';
import { portScope, type PortScope } from './port-scope.js';
import { SocketOwnerFinder, type SocketProcess } from './socket-owners.js';
import { UserNames } from '../files/user-names.js';

export type ListeningSocket = {
  proto: Proto;
  family: Family;
  address: string;
  port: number;
  scope: PortScope;
  exposed: boolean;
  /** Exposed and on the configured allowlist; false for local sockets. */
  allowed: boolean;
  uid: number;
  user: string | null;
  inode: number;
  /** Holders, lowest pid first. */
  processes: SocketProcess[];
  /** False when no holder was found and some process could not be looked into: the owner is unknown, not "none". */
  ownerKnown: boolean;
};

export type PortsSnapshot = {
  time: number;
  /** False when some processes' fds were unreadable (not root, or restricted): see each socket's `ownerKnown`. */
  ownersComplete: boolean;
  sockets: ListeningSocket[];
};

export type PortsSnapshotter = { snapshot(): PortsSnapshot };

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Exposed first, then by port, protocol and address: the order a reader scans for surprises. */
export function compareSockets(a: ListeningSocket, b: ListeningSocket): number {
  return Number(b.exposed) - Number(a.exposed) || a.port - b.port || cmp(a.proto, b.proto) || a.family - b.family || cmp(a.address, b.address);
}

export function portsSnapshotter(opts: { allow?: PortRule[]; procRoot?: string; passwdPath?: string; fullScanEvery?: number } = {}): PortsSnapshotter {
  const finder = new SocketOwnerFinder({
    ...(opts.procRoot ? { procRoot: opts.procRoot } : {}),
    ...(opts.fullScanEvery ? { fullScanEvery: opts.fullScanEvery } : {}),
  });
  const users = new UserNames(opts.passwdPath);
  const allow = opts.allow ?? [];
  return {
    snapshot(): PortsSnapshot {
      users.refresh();
      const raw = readListeningSockets(opts.procRoot);
      const { owners, complete } = finder.find(raw.map((s) => s.inode));
      const sockets = raw.map((s): ListeningSocket => {
        const scope = portScope(s.address);
        const exposed = scope !== 'loopback';
        const processes = owners.get(s.inode) ?? [];
        return {
          proto: s.proto,
          family: s.family,
          address: s.address,
          port: s.port,
          scope,
          exposed,
          allowed: exposed && isAllowed(allow, s.proto, s.port),
          uid: s.uid,
          user: users.name(s.uid),
          inode: s.inode,
          processes,
          ownerKnown: processes.length > 0 || complete,
        };
      });
      return { time: Date.now(), ownersComplete: complete, sockets: sockets.sort(compareSockets) };
    },
  };
}
