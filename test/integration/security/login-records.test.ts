/**
 * Our utmp/wtmp/btmp reader against util-linux's own readers on the same files. The records are
 * written by a real tool (`utmpdump -r`, util-linux's writer of binary records), covering boots,
 * shutdowns, crashes, IPv4/IPv6/host names and a truncated tail; and the machine's own wtmp and
 * btmp when they hold anything. Real sshd-written records are compared in sshd-auth.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentLogins, failedLoginRecords, loginHistory } from '../../../src/security/logins/login-history.js';
import { readLoginRecords, readUtmpFile } from '../../../src/security/logins/read-logins.js';
import { localLivenessProbe } from '../../../src/security/logins/session-liveness.js';
import { parseUtmp } from '../../../src/security/logins/utmp.js';
import { isoSeconds, lastbRecords, ourFailed, lastSessions, ourSessions, utmpdumpRows, whoRecords, writeRecordsWithUtmpdump } from '../../utils/login-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-utmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECORDS = `
[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-12-01T08:00:00,000000+00:00]
[1] [00053] [~~  ] [runlevel] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-12-01T08:00:05,000000+00:00]
[7] [01001] [ts/0] [alice   ] [pts/0       ] [192.0.2.10          ] [192.0.2.10     ] [2026-12-01T09:00:00,250000+00:00]
[7] [01002] [ts/1] [bob     ] [pts/1       ] [2001:db8::5         ] [2001:db8::5    ] [2026-12-01T09:30:00,000000+00:00]
[8] [01001] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2026-12-01T10:00:00,000000+00:00]
[7] [01003] [tty1] [root    ] [tty1        ] [                    ] [0.0.0.0        ] [2026-12-01T11:00:00,000000+00:00]
[1] [00048] [~~  ] [shutdown] [~~          ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-12-01T12:00:00,000000+00:00]
[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-12-02T08:00:00,000000+00:00]
[7] [01004] [ts/0] [carol   ] [pts/0       ] [host.example.net    ] [198.51.100.7   ] [2026-12-02T09:00:00,000000+00:00]
[7] [01006] [ts/3] [erin    ] [pts/3       ] [203.0.113.20        ] [203.0.113.20   ] [2026-12-02T09:10:00,000000+00:00]
[7] [01007] [ts/3] [frank   ] [pts/3       ] [203.0.113.21        ] [203.0.113.21   ] [2026-12-02T09:20:00,000000+00:00]
[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2026-12-02T10:00:00,000000+00:00]
[7] [01005] [ts/2] [dave    ] [pts/2       ] [::ffff:203.0.113.9  ] [203.0.113.9    ] [2026-12-02T11:00:00,000000+00:00]
[6] [01010] [tty2] [LOGIN   ] [tty2        ] [                    ] [0.0.0.0        ] [2026-12-02T11:05:00,000000+00:00]
`.trim();

describe('utmp records against util-linux', () => {
  const file = join(dir, 'wtmp');
  writeRecordsWithUtmpdump(`${RECORDS}\n`, file);

  it('reads every field as utmpdump does', () => {
    const { records, trailingBytes } = parseUtmp(readFileSync(file));
    expect(trailingBytes).toBe(0);
    const dump = utmpdumpRows(file);
    expect(records).toHaveLength(dump.length);
    records.forEach((r, i) => {
      const [type, pid, id, user, line, host, addr, time] = dump[i]!;
      expect([String(r.typeCode), String(r.pid), r.id.trim(), r.user, r.line, r.host, r.address ?? '0.0.0.0']).toEqual([
        type,
        String(Number(pid)),
        id,
        user,
        line,
        host,
        addr,
      ]);
      // utmpdump prints microseconds; we keep milliseconds.
      expect(new Date(r.time).toISOString().slice(0, 23)).toBe(time!.replace(',', '.').slice(0, 23));
    });
  });

  it('pairs logins and logouts as `last` does (logout, crash, down, next login, gone)', () => {
    const { records } = parseUtmp(readFileSync(file));
    const ours = ourSessions(loginHistory(records, { isAlive: localLivenessProbe() }).sessions);
    expect(ours).toEqual(lastSessions(file));
    expect(ours.find((s) => s.startsWith('alice '))).toMatch(/192\.0\.2\.10 +2026-12-01T09:00:00\+00:00\|2026-12-01T10:00:00\+00:00$/);
    expect(ours.some((s) => s.endsWith('|crash'))).toBe(true);
    expect(ours.some((s) => s.endsWith('|down'))).toBe(true);
  });

  it('lists btmp as `lastb` and utmp as `who`', () => {
    const { records } = parseUtmp(readFileSync(file));
    expect(ourFailed(failedLoginRecords(records))).toEqual(lastbRecords(file));
    expect(currentLogins(records).map((r) => `${r.user}|${r.line}|${isoSeconds(r.login).slice(0, 16).replace('T', ' ')}|${r.host}`)).toEqual(whoRecords(file));
  });

  it('keeps whole records of a file cut mid-record, and says how much was cut', async () => {
    const cut = join(dir, 'wtmp-cut');
    writeRecordsWithUtmpdump(`${RECORDS}\n`, cut);
    appendFileSync(cut, Buffer.alloc(100, 7));
    const read = await readUtmpFile(cut);
    expect(read.status).toBe('ok');
    expect(read.trailingBytes).toBe(100);
    expect(read.records).toHaveLength(RECORDS.split('\n').length);
    const window = await readUtmpFile(file, { maxBytes: 384 * 3 });
    expect(window.records.map((r) => r.user)).toEqual(['frank', 'reboot', 'dave', 'LOGIN'].slice(-3));
    expect(window.skippedBytes).toBe(384 * (RECORDS.split('\n').length - 3));
  });

  it('says a missing or unreadable file is one, not that nobody logged in', async () => {
    const got = await readLoginRecords({ paths: { utmp: join(dir, 'nope'), wtmp: file, btmp: dir } });
    expect(got.current).toBeNull();
    expect(got.files.utmp.status).toBe('missing');
    expect(got.failed).toBeNull();
    expect(got.files.btmp.status).toBe('unreadable');
    expect(got.history?.sessions.length).toBeGreaterThan(0);
  });

  it("agrees with `last` and `lastb` on this machine's own files when they hold records", () => {
    for (const [path, tool] of [
      ['/var/log/wtmp', 'last'],
      ['/var/log/btmp', 'lastb'],
    ] as const) {
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        continue;
      }
      const { records } = parseUtmp(readFileSync(path));
      expect(records).toHaveLength(Math.floor(size / 384));
      if (tool === 'last') expect(ourSessions(loginHistory(records, { isAlive: localLivenessProbe() }).sessions)).toEqual(lastSessions(path));
      else expect(ourFailed(failedLoginRecords(records))).toEqual(lastbRecords(path));
    }
  });
});
