/**
 * util-linux's own readers of utmp files (`last`, `lastb`, `who`, `utmpdump`), run on a file so the
 * tests can compare our parser with them. Times are asked for in ISO form with TZ=UTC.
 */
import { execFileSync } from 'node:child_process';
import type { FailedLoginRecord, LoginSession } from '../../src/security/logins/login-history.js';

const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' };
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** Writes binary records from utmpdump's text form (`[7] [01001] [ts/0] [alice] …`) with `utmpdump -r`. */
export function writeRecordsWithUtmpdump(text: string, out: string): void {
  execFileSync('sh', ['-c', `utmpdump -r > "${out}"`], { env, input: text, stdio: ['pipe', 'ignore', 'ignore'] });
}

export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

/**
 * `last`/`lastb` print `%-8.*s %-12.12s %-16.*s <time>`: user, terminal and host columns padded
 * (empty ones too), so a row is compared by that prefix, rendered the same way for our records,
 * plus what follows the login time.
 */
const prefix = (user: string, line: string, host: string, login: number): string =>
  `${user.padEnd(8)} ${line.padEnd(12).slice(0, 12)} ${host.padEnd(16)} ${isoSeconds(login)}`;
const ISO_AT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d/;

function toolRows(tool: 'last' | 'lastb', file: string): { head: string; tail: string }[] {
  return run(tool, ['-w', '--time-format', 'iso', '-f', file])
    .split('\n')
    .filter((l) => !/^\S+ begins /.test(l))
    .map((l) => {
      const m = ISO_AT.exec(l);
      return m ? { head: l.slice(0, m.index + m[0].length), tail: l.slice(m.index + m[0].length).trim() } : null;
    })
    .filter((r): r is { head: string; tail: string } => r !== null);
}

/** `last` sessions (reboot lines left out) as `<columns as printed>|<end>`, newest first. */
export function lastSessions(file: string): string[] {
  return toolRows('last', file)
    .filter((r) => !r.head.includes(' system boot '))
    .map((r) => {
      const end = /^- (\S+)/.exec(r.tail)?.[1] ?? r.tail;
      return `${r.head}|${end}`;
    });
}

const END_TEXT: Record<string, string> = { crash: 'crash', down: 'down', 'still-logged-in': 'still logged in', gone: 'gone - no logout' };

export function ourSessions(sessions: LoginSession[]): string[] {
  return sessions.map((s) => `${prefix(s.user, s.line, s.host, s.login)}|${s.end === 'logout' ? isoSeconds(s.logout!) : (END_TEXT[s.end] ?? s.end)}`);
}

/** `lastb` rows as printed up to the attempt's time, newest first. */
export function lastbRecords(file: string): string[] {
  return toolRows('lastb', file).map((r) => r.head);
}

export function ourFailed(records: FailedLoginRecord[]): string[] {
  return records.map((r) => prefix(r.user, r.line, r.host, r.time));
}

/** `who FILE` as `user|line|YYYY-MM-DD HH:MM|host`. */
export function whoRecords(file: string): string[] {
  return run('who', [file])
    .split('\n')
    .map((l) => /^(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d)(?:\s+\((.*)\))?$/.exec(l.trimEnd()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}|${m[2]}|${m[3]}|${m[4] ?? ''}`);
}

/** `utmpdump FILE` rows as their bracketed fields (type, pid, id, user, line, host, addr, time). */
export function utmpdumpRows(file: string): string[][] {
  return run('utmpdump', [file])
    .split('\n')
    .filter((l) => l.startsWith('['))
    .map((l) => [...l.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!.trim()));
}
