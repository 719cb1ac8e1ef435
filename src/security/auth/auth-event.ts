/**
 * What the auth stage recognises in a log entry. Every string here (user, source, command, detail)
 * came from a log line, and a log line is attacker-controlled: it is kept raw in data and escaped
 * where it is rendered (see `terminal-safe.ts` for the CLI).
 */

export const AUTH_EVENT_KINDS = ['failed-login', 'invalid-user', 'refused-login', 'accepted-login', 'sudo', 'sudo-failed', 'account-change'] as const;
export type AuthEventKind = (typeof AUTH_EVENT_KINDS)[number];

/** What an account-change line did. */
export type AccountAction =
  'user-added' | 'user-deleted' | 'user-modified' | 'group-added' | 'group-deleted' | 'group-modified' | 'member-added' | 'member-removed' | 'password-changed';

export type AuthEvent = {
  kind: AuthEventKind;
  /** 1-based line of the entry in its read (the LogEntry's `line`). */
  line: number;
  /** Epoch ms, or null when the line's header had no usable time. */
  time: number | null;
  /** The host named in the log header, when there was one. */
  host: string | null;
  /** The program that logged it: sshd, sshd-session, sudo, su, useradd… */
  app: string | null;
  pid: number | null;
  /** The account tried, logged in, or changed; null when the line names none. */
  user: string | null;
  /** Remote address or host name of an sshd peer (`::ffff:a.b.c.d` folded to `a.b.c.d`); null for local events. */
  source: string | null;
  /**
   * Failed logins this line adds to the total (see docs/SECURITY-SIGNALS.md "What counts"): 1 for a
   * `Failed password` line, N+… for a `message repeated N times` line, 1 or 0 for an invalid-user or
   * refused line depending on whether its connection logged a failure of its own, 0 for the rest.
   */
  failures: number;
  /** sshd auth method (`password`, `publickey`, `keyboard-interactive/pam`…). */
  method?: string;
  port?: number;
  /** sudo/su target user. */
  runAs?: string | null;
  /** The sudo command line; null for su, which logs none. */
  command?: string | null;
  /** Why a login was refused, or what an account change did, as the log said it. */
  detail?: string;
  action?: AccountAction;
};
