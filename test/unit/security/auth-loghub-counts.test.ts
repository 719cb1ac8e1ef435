/**
 * Failed-login counting on LogHub's OpenSSH set (real attack traffic), against counts derived from
 * the set's ground-truth EventTemplates, not from our own regexes: each line's template says what it
 * is, its `<*>` values give user and source, and the definition in docs/SECURITY-SIGNALS.md
 * ("What counts") is applied per sshd pid.
 */
import { describe, expect, it } from 'vitest';
import { scanAuthLines } from '../../../src/security/auth/scan-auth-log.js';
import { loadLoghubSet, parseCsv, LOGHUB_DIR } from '../../utils/loghub.js';
import { syslogParser } from '../../../src/logs/parse/index.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

type Row = { pid: string; eventId: string; params: string[] };

function groundTruth(): Row[] {
  const [header, ...rows] = parseCsv(gunzipSync(readFileSync(`${LOGHUB_DIR}OpenSSH_2k.log_structured_corrected.csv.gz`)).toString('utf8'));
  const col = (n: string) => header!.indexOf(n);
  return rows.map((r) => {
    const template = r[col('EventTemplate')]!;
    const re = new RegExp(
      `^${template
        .split('<*>')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('(.*?)')}$`,
      's',
    );
    const m = re.exec(r[col('Content')]!);
    if (!m) throw new Error(`template ${template} does not match its content`);
    // PAM pads `rhost=1.2.3.4  user=root`, which a lazy `<*>` keeps; usernames keep their spaces
    // (the set has an attacker's " 0101").
    const pam = template.startsWith('pam_unix');
    return { pid: r[col('Pid')]!, eventId: r[col('EventId')]!, params: m.slice(1).map((p) => (pam ? p.trim() : p)) };
  });
}

/** The definition, over templates: Failed lines (repeats included) count; else PAM failures; else 1 per invalid/refused connection. */
function expectedCounts(rows: Row[]) {
  const byPid = new Map<string, Row[]>();
  for (const r of rows) byPid.set(r.pid, [...(byPid.get(r.pid) ?? []), r]);
  const bySource = new Map<string, { count: number; users: Set<string> }>();
  const byUser = new Map<string, number>();
  let total = 0;
  const add = (source: string, user: string, n: number) => {
    total += n;
    const s = bySource.get(source) ?? { count: 0, users: new Set<string>() };
    s.count += n;
    s.users.add(user);
    bySource.set(source, s);
    byUser.set(user, (byUser.get(user) ?? 0) + n);
  };
  for (const conn of byPid.values()) {
    const invalid = conn.find((r) => r.eventId === 'E13');
    // E9 `Failed password for <u> from <s> port <p> ssh2`, E10 the same for an invalid user,
    // E14 `message repeated <n> times: [ Failed password for <u> from <s> port <p>]`.
    const failed = conn.filter((r) => ['E9', 'E10', 'E14'].includes(r.eventId));
    if (failed.length > 0) {
      for (const r of failed) {
        if (r.eventId === 'E14') add(r.params[2]!, r.params[1]!, Number(r.params[0]));
        else add(r.params[1]!, r.params[0]!, 1);
      }
      continue;
    }
    // E19/E20 `pam_unix(sshd:auth): authentication failure; … rhost=<s>[ user=<u>]`.
    const pam = conn.filter((r) => r.eventId === 'E19' || r.eventId === 'E20');
    if (pam.length > 0) {
      for (const r of pam) add(r.params[2]!, r.eventId === 'E20' ? r.params[3]! : invalid!.params[0]!, 1);
      continue;
    }
    // E13 `Invalid user <u> from <s>`; E4 `Disconnecting: Too many authentication failures for <u>` always follows Failed lines here.
    if (invalid) add(invalid.params[1]!, invalid.params[0]!, 1);
  }
  return { total, bySource, byUser };
}

describe('auth scan on LogHub OpenSSH_2k', () => {
  const set = loadLoghubSet('OpenSSH');
  const rows = groundTruth();
  // LogHub's lines carry no year: read them against a fixed reference, in UTC.
  const { parse } = syslogParser({ referenceTime: Date.UTC(2026, 11, 31), timeZone: 'UTC' });
  const { summary } = scanAuthLines(set.lines, { parse, keepEvents: true });

  it('counts failed logins as the ground-truth templates say', () => {
    const want = expectedCounts(rows);
    expect(want.total).toBeGreaterThan(500); // the set is a brute-force log: the derivation found them
    expect(summary.failedLogins.total).toBe(want.total);
    const got = new Map(summary.failedLogins.bySource.map((s) => [s.source, s]));
    expect([...got.keys()].sort()).toEqual([...want.bySource.keys()].sort());
    for (const [source, s] of want.bySource) {
      expect(got.get(source)?.count, source).toBe(s.count);
      expect(new Set(got.get(source)?.users), source).toEqual(s.users);
    }
    expect(new Map(summary.failedLogins.byUser.map((u) => [u.user, u.count]))).toEqual(want.byUser);
  });

  it('reports the accepted login and one event per recognised line, none on notices', () => {
    expect(summary.acceptedLogins).toEqual([{ user: 'fztu', source: '119.137.62.142', method: 'password', time: expect.stringMatching(/T09:32:20/) }]);
    const events = summary.events!;
    const kindsAt = new Map(events.map((e) => [e.line, e.kind]));
    const count = (id: string) => rows.filter((r) => r.eventId === id).length;
    expect(events.filter((e) => e.kind === 'invalid-user').length).toBe(count('E13'));
    expect(events.filter((e) => e.kind === 'refused-login').length).toBe(count('E4'));
    rows.forEach((r, i) => {
      // `Connection closed by …`, reverse-mapping `POSSIBLE BREAK-IN ATTEMPT!` and `Failed none` are never failures.
      if (['E2', 'E27', 'E8', 'E24', 'E21', 'E12'].includes(r.eventId)) expect(kindsAt.get(i + 1), `line ${i + 1} ${r.eventId}`).toBeUndefined();
      if (['E9', 'E10', 'E14'].includes(r.eventId)) expect(kindsAt.get(i + 1), `line ${i + 1}`).toBe('failed-login');
    });
    expect(new Set(events.map((e) => e.line)).size).toBe(events.length);
  });
});
