import type { AuthEvent } from '../auth/auth-event.js';
import { hourOf, minuteOf } from '../store/security-keys.js';
import { SECURITY_CAPS, type AuthDelta, type SourceFailures } from '../store/security-repo.js';

/**
 * Sums auth events into what one batch adds to the store. Failures count `event.failures`
 * (docs/SECURITY-SIGNALS.md, "What counts"), so per-source and per-user counts each sum to the
 * total as in `checkup security scan`. An event without a time takes the batch's. Counts are kept
 * per hour of their events, so a batch that spans hours (a backlog read at start) lands in each.
 */
export class AuthDeltaBuilder {
  private readonly sources = new Map<string, SourceFailures>();
  private readonly users = new Map<string, { user: string; count: number; hour: number }>();
  private readonly minutes = new Map<string, [number, string, number]>();
  private readonly delta: AuthDelta = { failures: [], users: [], minutes: [], accepted: [], sudo: [], accounts: [] };
  private events = 0;

  constructor(private readonly at: number) {}

  get size(): number {
    return this.events;
  }

  add(ev: AuthEvent): void {
    this.events++;
    const time = ev.time ?? this.at;
    if (ev.kind === 'accepted-login' && ev.user !== null) {
      this.delta.accepted.push({ user: ev.user, source: ev.source, method: ev.method ?? null, time });
    } else if (ev.kind === 'sudo' || ev.kind === 'sudo-failed') {
      this.delta.sudo.push({ user: ev.user, runAs: ev.runAs ?? null, command: ev.command ?? null, ok: ev.kind === 'sudo', time, detail: ev.detail ?? null });
    } else if (ev.kind === 'account-change') {
      this.delta.accounts.push({ user: ev.user, action: ev.action ?? null, app: ev.app, detail: ev.detail ?? null, time });
    }
    if (ev.failures <= 0) return;
    const source = ev.source ?? '';
    const hour = hourOf(time);
    const sk = `${hour}\n${source}`;
    let s = this.sources.get(sk);
    if (!s) this.sources.set(sk, (s = { source, count: 0, users: [], usersMore: false, firstSeen: time, lastSeen: time }));
    s.count += ev.failures;
    s.firstSeen = Math.min(s.firstSeen, time);
    s.lastSeen = Math.max(s.lastSeen, time);
    if (ev.user !== null && !s.users.includes(ev.user)) {
      if (s.users.length < SECURITY_CAPS.usersPerSource) s.users.push(ev.user);
      else s.usersMore = true;
    }
    const user = ev.user ?? '';
    const uk = `${hour}\n${user}`;
    const u = this.users.get(uk);
    if (u) u.count += ev.failures;
    else this.users.set(uk, { user, count: ev.failures, hour });
    const minute = minuteOf(time);
    const mk = `${minute}\n${source}`;
    const m = this.minutes.get(mk);
    if (m) m[2] += ev.failures;
    else this.minutes.set(mk, [minute, source, ev.failures]);
  }

  build(): AuthDelta {
    return {
      ...this.delta,
      failures: [...this.sources.values()],
      users: [...this.users.values()],
      minutes: [...this.minutes.values()],
    };
  }
}
