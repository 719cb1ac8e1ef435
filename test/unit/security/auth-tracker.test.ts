import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/logs/types.js';
import type { AuthEvent } from '../../../src/security/auth/auth-event.js';
import { AuthTracker } from '../../../src/security/auth/auth-tracker.js';

type Line = [app: string | null, pid: number | null, message: string, time?: number];

function run(lines: Line[]): AuthEvent[] {
  const events: AuthEvent[] = [];
  const tracker = new AuthTracker({ onEvent: (e) => events.push(e) });
  lines.forEach(([app, pid, message, time], i) => {
    const entry: LogEntry = { source: 't', time: time ?? null, priority: null, severityBasis: 'none', app, pid, host: 'h', message, line: i + 1, lineCount: 1 };
    tracker.push(entry);
  });
  tracker.end();
  return events.sort((a, b) => a.line - b.line);
}

const total = (events: AuthEvent[]) => events.reduce((n, e) => n + e.failures, 0);

describe('AuthTracker: what counts as a failed login', () => {
  it('a Failed publickey followed by an accepted login in the same connection is not a failure', () => {
    const events = run([
      ['sshd', 10, 'Failed publickey for alice from 192.0.2.1 port 5000 ssh2: RSA SHA256:aaa'],
      ['sshd', 10, 'Accepted publickey for alice from 192.0.2.1 port 5000 ssh2: ED25519 SHA256:bbb'],
      ['sshd', 10, 'Disconnected from user alice 192.0.2.1 port 5000'],
    ]);
    expect(events.map((e) => e.kind)).toEqual(['accepted-login']);
    expect(total(events)).toBe(0);
  });

  it('a Failed publickey in a connection that never logs in is one', () => {
    const events = run([
      ['sshd-session', 11, 'Failed publickey for alice from 192.0.2.1 port 5001 ssh2: RSA SHA256:aaa'],
      ['sshd-session', 11, 'Connection closed by authenticating user alice 192.0.2.1 port 5001 [preauth]'],
      ['sshd-session', 12, 'Accepted publickey for alice from 192.0.2.1 port 5002 ssh2: ED25519 SHA256:bbb'],
    ]);
    expect(events.map((e) => [e.kind, e.failures])).toEqual([
      ['failed-login', 1],
      ['accepted-login', 0],
    ]);
  });

  it('a wrong password before the right one is still a failure', () => {
    const events = run([
      ['sshd', 13, 'Failed password for alice from 192.0.2.1 port 5003 ssh2'],
      ['sshd', 13, 'Accepted password for alice from 192.0.2.1 port 5003 ssh2'],
    ]);
    expect(total(events)).toBe(1);
  });

  it('an invalid user counts once: by its Failed lines, or by itself when there are none', () => {
    const withFailed = run([
      ['sshd', 20, 'Invalid user admin from 192.0.2.2 port 6000'],
      ['sshd', 20, 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.2'],
      ['sshd', 20, 'Failed password for invalid user admin from 192.0.2.2 port 6000 ssh2'],
      ['sshd', 20, 'Failed password for invalid user admin from 192.0.2.2 port 6000 ssh2'],
      ['sshd', 20, 'Connection closed by invalid user admin 192.0.2.2 port 6000 [preauth]'],
    ]);
    expect(withFailed.map((e) => [e.kind, e.failures])).toEqual([
      ['invalid-user', 0],
      ['failed-login', 1],
      ['failed-login', 1],
    ]);
    const alone = run([
      ['sshd', 21, 'Invalid user admin from 192.0.2.2 port 6001'],
      ['sshd', 21, 'Failed none for invalid user admin from 192.0.2.2 port 6001 ssh2'],
      ['sshd', 21, 'Connection closed by invalid user admin 192.0.2.2 port 6001 [preauth]'],
    ]);
    expect(alone.map((e) => [e.kind, e.failures, e.user, e.source])).toEqual([['invalid-user', 1, 'admin', '192.0.2.2']]);
  });

  it('a refused user counts its attempts, not the refusal on top', () => {
    const events = run([
      ['sshd', 30, 'User denied from 127.0.0.1 not allowed because listed in DenyUsers'],
      ['sshd', 30, 'Failed password for invalid user denied from 127.0.0.1 port 36900 ssh2'],
      ['sshd', 30, 'Connection closed by invalid user denied 127.0.0.1 port 36900 [preauth]'],
    ]);
    expect(events.map((e) => [e.kind, e.failures])).toEqual([
      ['refused-login', 0],
      ['failed-login', 1],
    ]);
  });

  it('counts rsyslog repeats, and PAM failures only where sshd logged no Failed line', () => {
    const repeated = run([
      ['sshd', 40, 'Failed password for root from 192.0.2.3 port 7000 ssh2'],
      ['sshd', 40, 'message repeated 5 times: [ Failed password for root from 192.0.2.3 port 7000 ssh2]'],
      ['sshd', 40, 'error: maximum authentication attempts exceeded for root from 192.0.2.3 port 7000 ssh2 [preauth]'],
      ['sshd', 40, 'Disconnecting authenticating user root 192.0.2.3 port 7000: Too many authentication failures [preauth]'],
    ]);
    expect(total(repeated)).toBe(6);
    expect(repeated.map((e) => e.kind)).toEqual(['failed-login', 'failed-login', 'refused-login']);
    const pamOnly = run([
      ['sshd', 41, 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.4  user=root'],
      ['sshd', 41, 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.4  user=root'],
    ]);
    expect(pamOnly.map((e) => [e.kind, e.user, e.source, e.failures])).toEqual([
      ['failed-login', 'root', '192.0.2.4', 1],
      ['failed-login', 'root', '192.0.2.4', 1],
    ]);
  });

  it('links bare `sshd -E` lines (no header, no pid) by peer address', () => {
    const events = run([
      [null, null, 'Failed publickey for alice from 127.0.0.1 port 41000 ssh2: ED25519 SHA256:zzz'],
      [null, null, 'Accepted publickey for alice from 127.0.0.1 port 41000 ssh2: ED25519 SHA256:yyy'],
      [null, null, 'Invalid user nosuch from 127.0.0.2 port 36896'],
      [null, null, 'Failed password for invalid user nosuch from 127.0.0.2 port 36896 ssh2'],
      [null, null, 'Connection closed by invalid user nosuch 127.0.0.2 port 36896 [preauth]'],
    ]);
    expect(events.map((e) => [e.kind, e.failures])).toEqual([
      ['accepted-login', 0],
      ['invalid-user', 0],
      ['failed-login', 1],
    ]);
  });

  it('a pid reused long after its last line is a new connection', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const events = run([
      ['sshd', 50, 'Invalid user a from 192.0.2.5', t0],
      ['sshd', 50, 'Invalid user b from 192.0.2.6', t0 + 86_400_000],
      ['sshd', 50, 'Failed password for invalid user b from 192.0.2.6 port 1 ssh2', t0 + 86_400_000],
    ]);
    expect(events.map((e) => [e.user, e.failures])).toEqual([
      ['a', 1],
      ['b', 0],
      ['b', 1],
    ]);
  });

  it('keeps hostile usernames raw in data', () => {
    const events = run([['sshd', 60, 'Invalid user <script>alert(1)</script> from 127.0.0.1 port 1']]);
    expect(events[0]?.user).toBe('<script>alert(1)</script>');
  });

  it('reads sudo, su and account changes, and ignores other programs', () => {
    const events = run([
      ['sudo', null, '   carol : PWD=/tmp ; USER=root ; COMMAND=/usr/bin/id -u'],
      ['sudo', null, '   carol : 1 incorrect password attempt ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/true'],
      ['sudo', null, '      bob : user NOT in sudoers ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/true'],
      ['sudo', null, 'pam_unix(sudo:auth): authentication failure; logname= uid=1002 euid=0 tty= ruser=carol rhost=  user=carol'],
      ['su', 6127, 'FAILED SU (to root) carol on none'],
      ['su', 6128, '(to root) carol on pts/1'],
      ['useradd', 5942, 'new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/sh, from=none'],
      ['groupadd', 6187, 'group added to /etc/group: name=grp1, GID=1003'],
      ['groupadd', 6187, 'new group: name=grp1, GID=1003'],
      ['cron', 1, 'Failed password for root from 192.0.2.1 port 1 ssh2'],
    ]);
    expect(events.map((e) => [e.kind, e.user, e.runAs ?? null, e.command ?? null])).toEqual([
      ['sudo', 'carol', 'root', '/usr/bin/id -u'],
      ['sudo-failed', 'carol', 'root', '/usr/bin/true'],
      ['sudo-failed', 'bob', 'root', '/usr/bin/true'],
      ['sudo-failed', 'carol', 'root', null],
      ['sudo', 'carol', 'root', null],
      ['account-change', 'bob', null, null],
      ['account-change', null, null, null],
    ]);
    expect(events.at(-1)?.action).toBe('group-added');
  });
});

describe('journal entries (journalctl -o json)', () => {
  it('reads sshd under its unit and sudo under a session scope, as the journal reader names them', async () => {
    const { journalParser } = await import('../../../src/logs/parse/index.js');
    const { scanAuthLines } = await import('../../../src/security/auth/scan-auth-log.js');
    const rec = (unit: string, id: string, pid: number, msg: string) =>
      JSON.stringify({
        __CURSOR: 'c',
        __REALTIME_TIMESTAMP: '1765100000000000',
        _SYSTEMD_UNIT: unit,
        SYSLOG_IDENTIFIER: id,
        _PID: String(pid),
        _HOSTNAME: 'web-1',
        MESSAGE: msg,
        PRIORITY: '6',
      });
    const { summary } = scanAuthLines(
      [
        rec('ssh.service', 'sshd', 900, 'Failed password for invalid user oracle from 2001:db8::7 port 50000 ssh2'),
        rec('ssh.service', 'sshd-session', 901, 'Accepted publickey for deploy from ::ffff:198.51.100.4 port 50001 ssh2: ED25519 SHA256:x'),
        rec('session-4.scope', 'sudo', 902, 'deploy : TTY=pts/0 ; PWD=/srv ; USER=root ; COMMAND=/usr/bin/systemctl restart app'),
      ],
      { parse: journalParser().parse, keepEvents: false },
    );
    expect(summary.failedLogins.bySource).toEqual([{ source: '2001:db8::7', count: 1, users: ['oracle'] }]);
    expect(summary.acceptedLogins).toEqual([{ user: 'deploy', source: '198.51.100.4', method: 'publickey', time: '2025-12-07T09:33:20.000Z' }]);
    expect(summary.sudo).toEqual([{ user: 'deploy', runAs: 'root', command: '/usr/bin/systemctl restart app', ok: true, time: '2025-12-07T09:33:20.000Z' }]);
  });
});

describe('AuthTracker: bounded, and settled by time', () => {
  const entry = (pid: number, message: string, time: number, line: number): LogEntry => ({
    source: 't',
    time,
    priority: null,
    severityBasis: 'none',
    app: 'sshd',
    pid,
    host: 'h',
    message,
    line,
    lineCount: 1,
  });

  it('flushIdle settles a connection quiet past the idle window, and only that one', () => {
    const events: AuthEvent[] = [];
    const tracker = new AuthTracker({ onEvent: (e) => events.push(e), idleMs: 60_000 });
    tracker.push(entry(1, 'Failed publickey for alice from 192.0.2.1 port 1 ssh2: RSA SHA256:a', 0, 1));
    tracker.push(entry(2, 'Invalid user bob from 192.0.2.2 port 2', 50_000, 2));
    tracker.flushIdle(100_000);
    expect(events.map((e) => [e.user, e.failures])).toEqual([['alice', 1]]);
    expect(tracker.openConnections).toBe(1);
    tracker.end();
    expect(events.map((e) => e.user)).toEqual(['alice', 'bob']);
    expect(tracker.openConnections).toBe(0);
  });

  it('settles the oldest connection early past maxConnections, losing no failure', () => {
    const events: AuthEvent[] = [];
    const tracker = new AuthTracker({ onEvent: (e) => events.push(e), maxConnections: 2 });
    for (let pid = 1; pid <= 5; pid++) tracker.push(entry(pid, `Invalid user u${pid} from 192.0.2.${pid} port ${pid}`, 0, pid));
    expect(tracker.openConnections).toBe(2);
    expect(events.map((e) => e.user)).toEqual(['u1', 'u2', 'u3']);
    tracker.end();
    expect(events.reduce((n, e) => n + e.failures, 0)).toBe(5);
  });
});
