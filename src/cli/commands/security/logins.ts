/**
 * `checkup security logins [--json] [--limit N]`: who is logged in now (utmp), recent sessions
 * (wtmp, as `last`) and failed logins (btmp, as `lastb`). A file that could not be read is named
 * as such: "nobody" and "unknown" are different answers.
 */
import type { LoginRecords } from '../../../security/logins/read-logins.js';
import { cell } from '../../terminal-safe.js';
import { textTable } from '../../text-table.js';
import { iso } from './baseline-output.js';

export function loginsJson(r: LoginRecords): unknown {
  return {
    current: r.current?.map((c) => ({ ...c, login: iso(c.login) })) ?? null,
    history: r.history
      ? {
          sessions: r.history.sessions.map((s) => ({ ...s, login: iso(s.login), logout: iso(s.logout) })),
          boots: r.history.boots.map((b) => ({ ...b, time: iso(b.time) })),
        }
      : null,
    failed: r.failed?.map((f) => ({ ...f, time: iso(f.time) })) ?? null,
    files: r.files,
  };
}

const unread = (f: { path: string; status: string; error?: string }): string => `unknown: ${cell(f.path, 100)} is ${f.status}${f.error ? ` (${f.error})` : ''}`;

export function formatLogins(r: LoginRecords, limit: number): string {
  const out: string[] = [];
  out.push(`Logged in now: ${r.current === null ? unread(r.files.utmp) : r.current.length}`);
  if (r.current?.length)
    out.push(
      textTable(
        ['USER', 'TTY', 'FROM', 'SINCE'],
        r.current.map((c) => [cell(c.user, 32), cell(c.line, 16), cell(c.host, 45), iso(c.login) ?? '-']),
        { indent: '  ' },
      ),
    );
  const sessions = r.history?.sessions ?? [];
  out.push('', `Sessions (newest first): ${r.history === null ? unread(r.files.wtmp) : sessions.length}`);
  if (sessions.length > 0) {
    const rows = sessions
      .slice(0, limit)
      .map((s) => [cell(s.user, 32), cell(s.line, 16), cell(s.host, 45), iso(s.login) ?? '-', s.end === 'logout' ? (iso(s.logout) ?? '-') : s.end]);
    out.push(textTable(['USER', 'TTY', 'FROM', 'LOGIN', 'LOGOUT'], rows, { indent: '  ' }));
  }
  const failed = r.failed ?? [];
  out.push('', `Failed logins recorded (newest first): ${r.failed === null ? unread(r.files.btmp) : failed.length}`);
  if (failed.length > 0)
    out.push(
      textTable(
        ['USER', 'TTY', 'FROM', 'TIME'],
        failed.slice(0, limit).map((f) => [cell(f.user, 32), cell(f.line, 16), cell(f.host, 45), iso(f.time) ?? '-']),
        { indent: '  ' },
      ),
    );
  return out.join('\n');
}
