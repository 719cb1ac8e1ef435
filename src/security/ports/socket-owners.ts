/**
 * Which processes hold a socket: `/proc/<pid>/fd/<n>` links read `socket:[<inode>]`. Walking every
 * fd of every process is the costly part of a ports snapshot (thousands of readlinks), so the
 * finder remembers where each inode was found and, next time, re-reads just that one link. Only an
 * inode it cannot confirm there sends it through /proc again, stopping once all are found; a full
 * walk also runs every `fullScanEvery` snapshots, to refresh the other holders (forked workers).
 *
 * Without root, other users' fd directories are unreadable (EACCES), and some are even for root
 * (a container runtime's pid 1): their sockets keep no owner, and `complete` says so rather than
 * pretending nobody holds them.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type SocketProcess = { pid: number; name: string; exe: string | null };
export type OwnerLookup = { owners: Map<number, SocketProcess[]>; complete: boolean; fullScan: boolean };

/** Holders listed per socket; an nginx with 64 workers is one master and 64 copies of the same name. */
const MAX_HOLDERS = 16;

type Seen = { pid: number; fd: string };

function processInfo(procRoot: string, pid: number): SocketProcess {
  let name = '';
  try {
    name = readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trimEnd();
  } catch {
    // gone between the fd read and now: keep the pid
  }
  let exe: string | null = null;
  try {
    exe = readlinkSync(`${procRoot}/${pid}/exe`);
  } catch {
    // kernel threads and other users' processes (without root) have no readable exe
  }
  return { pid, name, exe };
}

export class SocketOwnerFinder {
  private readonly procRoot: string;
  private readonly fullScanEvery: number;
  private seen = new Map<number, Seen[]>();
  /** Inodes a walk looked for and did not find (a holder we may not look into): not walked for again until the next full walk. */
  private unowned = new Set<number>();
  private lastComplete = true;
  private snapshots = 0;

  constructor(opts: { procRoot?: string; fullScanEvery?: number } = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.fullScanEvery = opts.fullScanEvery ?? 30;
  }

  find(inodes: number[]): OwnerLookup {
    const wanted = new Set(inodes);
    const full = this.snapshots++ % this.fullScanEvery === 0;
    const found = new Map<number, Seen[]>();
    if (!full) {
      for (const inode of inodes) {
        const kept = (this.seen.get(inode) ?? []).filter((s) => this.linkIs(s, inode));
        if (kept.length > 0) found.set(inode, kept);
      }
    }
    if (full) this.unowned.clear();
    const missing = inodes.filter((i) => !found.has(i) && !this.unowned.has(i));
    let complete = full || missing.length > 0 ? true : this.lastComplete;
    if (missing.length > 0) complete = this.walk(new Set(missing), found, full);
    for (const i of missing) if (!found.has(i)) this.unowned.add(i);
    for (const i of this.unowned) if (!wanted.has(i)) this.unowned.delete(i);
    this.lastComplete = complete;
    this.seen = new Map([...found].filter(([inode]) => wanted.has(inode)));
    const owners = new Map<number, SocketProcess[]>();
    const info = new Map<number, SocketProcess>();
    for (const [inode, holders] of this.seen) {
      const pids = [...new Set(holders.map((h) => h.pid))].sort((a, b) => a - b).slice(0, MAX_HOLDERS);
      owners.set(
        inode,
        pids.map((pid) => {
          let p = info.get(pid);
          if (!p) info.set(pid, (p = processInfo(this.procRoot, pid)));
          return p;
        }),
      );
    }
    return { owners, complete: complete || this.unowned.size === 0, fullScan: full || missing.length > 0 };
  }

  private linkIs(s: Seen, inode: number): boolean {
    try {
      return readlinkSync(`${this.procRoot}/${s.pid}/fd/${s.fd}`) === `socket:[${inode}]`;
    } catch {
      return false;
    }
  }

  /** Walks /proc for the missing inodes; `all` keeps going to collect every holder. Returns false if some fd dir was unreadable. */
  private walk(missing: Set<number>, found: Map<number, Seen[]>, all: boolean): boolean {
    let complete = true;
    let left = missing.size;
    for (const entry of readdirSync(this.procRoot)) {
      const c = entry.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(entry);
      let fds: string[];
      try {
        fds = readdirSync(`${this.procRoot}/${entry}/fd`);
      } catch (err) {
        // ENOENT: exited meanwhile. EACCES: another user's process, unreadable without root.
        if ((err as NodeJS.ErrnoException).code === 'EACCES') complete = false;
        continue;
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(`${this.procRoot}/${entry}/fd/${fd}`);
        } catch (err) {
          // Closed meanwhile (ENOENT), or hidden even from root (a container's pid 1 under ptrace rules).
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') complete = false;
          continue;
        }
        if (!link.startsWith('socket:[')) continue;
        const inode = Number(link.slice(8, -1));
        if (!missing.has(inode)) continue;
        const list = found.get(inode);
        if (!list) {
          found.set(inode, [{ pid, fd }]);
          left--;
        } else list.push({ pid, fd });
      }
      if (left === 0 && !all) return true;
    }
    // Whatever is still missing when the walk saw every process belongs to nobody we could read.
    return complete;
  }
}
