/**
 * The `checkup security scan --json` object, built from auth events:
 *   { failedLogins: { total, bySource: [{ source, count, users }], byUser: [{ user, count }] },
 *     acceptedLogins: [{ user, source, method, time }],
 *     sudo: [{ user, runAs, command, ok, time }],
 *     events?: [{ line, kind, source, user, time }] }
 * `total` is the sum of the events' `failures` (docs/SECURITY-SIGNALS.md, "What counts"). Times are
 * ISO-8601 UTC, or null when the line had none. Lists are ordered by count (then by name, so the
 * output is stable), logins and sudo by line.
 */
import type { AuthEvent, AuthEventKind } from './auth-event.js';

export type SourceCount = { source: string | null; count: number; users: string[] };
export type UserCount = { user: string | null; count: number };
export type AuthSummary = {
  failedLogins: { total: number; bySource: SourceCount[]; byUser: UserCount[] };
  acceptedLogins: { user: string | null; source: string | null; method: string | null; time: string | null }[];
  sudo: { user: string | null; runAs: string | null; command: string | null; ok: boolean; time: string | null }[];
  events?: { line: number; kind: AuthEventKind; source: string | null; user: string | null; time: string | null }[];
};

/**
 * Distinct users kept per source. A spraying bot tries thousands of names from one address; the
 * count stays exact, the list stops growing here.
 */
export const MAX_USERS_PER_SOURCE = 1000;

export const isoTime = (ms: number | null): string | null => (ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

const byLine = (a: AuthEvent, b: AuthEvent) => a.line - b.line;
const byName = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

export class AuthSummaryBuilder {
  private total = 0;
  private readonly bySource = new Map<string | null, { count: number; users: Set<string> }>();
  private readonly byUser = new Map<string | null, number>();
  private readonly accepted: AuthEvent[] = [];
  private readonly elevations: AuthEvent[] = [];
  /** Every event is kept only when asked for (`--events`): a million-line log has hundreds of thousands. */
  private readonly events: AuthEvent[] | null;

  constructor(opts: { keepEvents: boolean }) {
    this.events = opts.keepEvents ? [] : null;
  }

  add(ev: AuthEvent): void {
    this.events?.push(ev);
    if (ev.kind === 'accepted-login') this.accepted.push(ev);
    else if (ev.kind === 'sudo' || ev.kind === 'sudo-failed') this.elevations.push(ev);
    if (ev.failures <= 0) return;
    this.total += ev.failures;
    let s = this.bySource.get(ev.source);
    if (!s) this.bySource.set(ev.source, (s = { count: 0, users: new Set() }));
    s.count += ev.failures;
    if (ev.user !== null && s.users.size < MAX_USERS_PER_SOURCE) s.users.add(ev.user);
    this.byUser.set(ev.user, (this.byUser.get(ev.user) ?? 0) + ev.failures);
  }

  build(): AuthSummary {
    const out: AuthSummary = {
      failedLogins: {
        total: this.total,
        bySource: [...this.bySource]
          .map(([source, s]) => ({ source, count: s.count, users: [...s.users] }))
          .sort((a, b) => b.count - a.count || byName(a.source, b.source)),
        byUser: [...this.byUser].map(([user, count]) => ({ user, count })).sort((a, b) => b.count - a.count || byName(a.user, b.user)),
      },
      // The tracker emits a connection's lines when it settles: back to line order here.
      acceptedLogins: this.accepted.sort(byLine).map((e) => ({ user: e.user, source: e.source, method: e.method ?? null, time: isoTime(e.time) })),
      sudo: this.elevations
        .sort(byLine)
        .map((e) => ({ user: e.user, runAs: e.runAs ?? null, command: e.command ?? null, ok: e.kind === 'sudo', time: isoTime(e.time) })),
    };
    if (this.events) out.events = this.events.sort(byLine).map((e) => ({ line: e.line, kind: e.kind, source: e.source, user: e.user, time: isoTime(e.time) }));
    return out;
  }
}
