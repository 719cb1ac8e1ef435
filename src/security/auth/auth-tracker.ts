/**
 * Turns log entries into auth events, deciding what counts as a failed login (docs/SECURITY-SIGNALS.md,
 * "What counts"). Whether an sshd line is a failure depends on the rest of its connection:
 *  - a `Failed publickey` for a valid user followed by an `Accepted …` for that user is a client
 *    offering keys the server does not know, not a failure, so publickey failures wait for the
 *    connection's end;
 *  - an `Invalid user` / `not allowed because` line is one failed login only when the connection
 *    logged no `Failed …` line of its own (else that attempt would count twice);
 *  - `pam_unix(sshd:auth): authentication failure` repeats what `Failed password` says, so it counts
 *    only in a connection without any sshd `Failed` line (sshd's LogLevel hid them).
 * So sshd lines are held per connection (syslog: host + pid, one sshd process per connection; bare
 * `sshd -E` logs have no pid: the peer address) until it closes, goes idle, or the read ends.
 */
import type { LogEntry } from '../../logs/types.js';
import { recogniseAccount } from './account-messages.js';
import { authAppOf } from './auth-apps.js';
import type { AuthEvent } from './auth-event.js';
import { recogniseSshd, type SshdLine } from './sshd-messages.js';
import { recogniseSu, recogniseSudo, type SudoLine } from './sudo-messages.js';

export type AuthTrackerOptions = {
  onEvent: (event: AuthEvent) => void;
  /**
   * Open connections held at once; past it the oldest is settled early. sshd's MaxStartups keeps
   * far fewer unauthenticated connections alive, so only a log without close lines gets near it.
   * @defaultValue 50_000
   */
  maxConnections?: number;
  /** A connection quiet this long (log time) is settled: LoginGraceTime is 2 min. @defaultValue 10 min */
  idleMs?: number;
};

/** An sshd pid, or for pid-less lines `@<peer>`. */
type ConnKey = number | string;

type Conn = {
  key: ConnKey;
  /** The host's map this connection is filed in. */
  home: Map<ConnKey, Conn>;
  lastTime: number | null;
  source: string | null;
  failed: AuthEvent[];
  pubkey: AuthEvent[];
  pam: AuthEvent[];
  rejects: AuthEvent[];
};

export class AuthTracker {
  /** Per host named in the log, its open connections: pid keys stay numbers, so no string is built per line. */
  private readonly hosts = new Map<string, Map<ConnKey, Conn>>();
  private open = 0;
  private readonly onEvent: (event: AuthEvent) => void;
  private readonly maxConnections: number;
  private readonly idleMs: number;

  constructor(opts: AuthTrackerOptions) {
    this.onEvent = opts.onEvent;
    this.maxConnections = opts.maxConnections ?? 50_000;
    this.idleMs = opts.idleMs ?? 600_000;
  }

  /** Reads one entry; the entry is not kept (what an event needs is copied), so callers may reuse it. */
  push(entry: LogEntry): void {
    const kind = authAppOf(entry.app);
    if (kind === 'sshd') {
      const r = recogniseSshd(entry.message);
      if (r) this.sshd(entry, r);
    } else if (kind === 'sudo') {
      const r = recogniseSudo(entry.message);
      if (r) this.elevation(entry, r);
    } else if (kind === 'su') {
      const r = recogniseSu(entry.message);
      if (r) this.elevation(entry, r);
    } else if (kind === 'account') {
      const r = recogniseAccount(entry.message);
      if (!r) return;
      const ev = event(entry, 'account-change', r.user, null, 0);
      ev.action = r.action;
      ev.detail = r.detail;
      this.onEvent(ev);
    }
  }

  /** Settles every connection quiet since before `now - idleMs` (the agent calls this between reads). */
  flushIdle(now: number): void {
    for (const conns of this.hosts.values()) {
      for (const conn of conns.values()) if (conn.lastTime !== null && now - conn.lastTime > this.idleMs) this.settle(conn);
    }
  }

  /** Settles every open connection: the end of an offline read. */
  end(): void {
    for (const conns of this.hosts.values()) for (const conn of conns.values()) this.settle(conn);
  }

  get openConnections(): number {
    return this.open;
  }

  private elevation(entry: LogEntry, r: SudoLine): void {
    const ev = event(entry, r.ok ? 'sudo' : 'sudo-failed', r.user, null, 0);
    ev.runAs = r.runAs;
    ev.command = r.command;
    if (r.reason) ev.detail = r.reason;
    this.onEvent(ev);
  }

  private sshd(entry: LogEntry, r: SshdLine): void {
    if (r.t === 'close') {
      const open = this.hosts.get(entry.host ?? '')?.get(keyOf(entry, r.source));
      if (open) this.settle(open);
      return;
    }
    const conn = this.conn(entry, r.source);
    if (r.source) conn.source = r.source;
    switch (r.t) {
      case 'failed':
        // `Failed none` is the client asking which methods exist, not a credential.
        if (r.method === 'none') return;
        (r.method === 'publickey' && !r.invalid ? conn.pubkey : conn.failed).push(event(entry, 'failed-login', r.user, r.source, r.repeat, r.method, r.port));
        return;
      case 'accepted':
        if (conn.pubkey.length > 0) conn.pubkey = conn.pubkey.filter((p) => p.user !== r.user);
        this.onEvent(event(entry, 'accepted-login', r.user, r.source, 0, r.method, r.port));
        return;
      case 'invalid-user':
        conn.rejects.push(event(entry, 'invalid-user', r.user, r.source, 0, undefined, r.port ?? undefined));
        return;
      case 'refused': {
        // sshd says some refusals twice (`maximum authentication attempts exceeded` then
        // `Disconnecting …: Too many authentication failures`; ROOT LOGIN REFUSED with and
        // without [preauth]): one refusal per reason and user in a connection.
        if (conn.rejects.some((x) => x.kind === 'refused-login' && x.user === r.user && sameRefusal(x.detail, r.reason))) return;
        const ev = event(entry, 'refused-login', r.user, r.source ?? conn.source, 0, undefined, r.port ?? undefined);
        ev.detail = r.reason;
        conn.rejects.push(ev);
        return;
      }
      case 'pam-failure':
        conn.pam.push(event(entry, 'failed-login', r.user, r.source ?? conn.source, r.repeat, 'pam'));
        return;
    }
  }

  private conn(entry: LogEntry, source: string | null): Conn {
    const key = keyOf(entry, source);
    let home = this.hosts.get(entry.host ?? '');
    if (!home) this.hosts.set(entry.host ?? '', (home = new Map()));
    let conn = home.get(key);
    // A pid seen again long after its last line is a new connection that reused the pid.
    if (conn && entry.time !== null && conn.lastTime !== null && entry.time - conn.lastTime > this.idleMs) {
      this.settle(conn);
      conn = undefined;
    }
    if (!conn) {
      if (this.open >= this.maxConnections) {
        const oldest = (home.size > 0 ? home : [...this.hosts.values()].find((m) => m.size > 0))?.values().next().value;
        if (oldest) this.settle(oldest);
      }
      conn = { key, home, lastTime: null, source: null, failed: [], pubkey: [], pam: [], rejects: [] };
      home.set(key, conn);
      this.open++;
    }
    if (entry.time !== null) conn.lastTime = entry.time;
    return conn;
  }

  private settle(conn: Conn): void {
    if (conn.home.delete(conn.key)) this.open--;
    let counted = conn.failed.length + conn.pubkey.length > 0 ? [...conn.failed, ...conn.pubkey] : conn.pam;
    counted = counted.sort((a, b) => a.line - b.line);
    const firstUser = conn.rejects[0]?.user ?? null;
    for (const ev of counted) {
      // PAM's "user unknown" failures name no user: the connection's invalid-user line does.
      if (ev.user === null) ev.user = firstUser;
      if (ev.source === null) ev.source = conn.source;
      this.onEvent(ev);
    }
    conn.rejects.forEach((ev, i) => {
      if (ev.source === null) ev.source = conn.source;
      ev.failures = counted.length === 0 && i === 0 ? 1 : 0;
      this.onEvent(ev);
    });
  }
}

const TOO_MANY = new Set(['maximum authentication attempts exceeded', 'too many authentication failures']);
const sameRefusal = (a: string | undefined, b: string): boolean => a === b || (a !== undefined && TOO_MANY.has(a) && TOO_MANY.has(b));

/** One sshd process per connection in syslog; bare `sshd -E` lines have no pid: the peer links them. */
const keyOf = (entry: LogEntry, source: string | null): ConnKey => entry.pid ?? `@${source ?? ''}`;

function event(
  entry: LogEntry,
  kind: AuthEvent['kind'],
  user: string | null,
  source: string | null,
  failures: number,
  method?: string,
  port?: number,
): AuthEvent {
  const ev: AuthEvent = { kind, line: entry.line, time: entry.time, host: entry.host, app: entry.app, pid: entry.pid, user, source, failures };
  if (method !== undefined) ev.method = method;
  if (port !== undefined) ev.port = port;
  return ev;
}
