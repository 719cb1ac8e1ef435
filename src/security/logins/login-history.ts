/**
 * What `who`, `last` and `lastb` show, from parsed utmp records:
 *  - who is logged in now: the user-process records of utmp;
 *  - login history: wtmp read newest first, each login paired with the nearest later logout on the
 *    same terminal; a login with none ends at the next boot ("crash") or shutdown ("down");
 *  - failed logins: every btmp record (login, sshd and su write one per failed attempt).
 * The pairing follows util-linux `last` (same record-type repairs for programs that fill ut_type
 * badly), so the two agree on the same file; the integration test compares them.
 */
import type { LivenessProbe } from './session-liveness.js';
import type { UtmpRecord } from './utmp.js';

export type SessionEnd = 'logout' | 'crash' | 'down' | 'still-logged-in' | 'gone' | 'no-logout';

export type LoginSession = {
  user: string;
  line: string;
  host: string;
  address: string | null;
  pid: number;
  login: number;
  /** When the session ended, null when it has not (or no record says). */
  logout: number | null;
  /**
   * `logout`: a logout record; `crash`: the system booted again without a shutdown record;
   * `down`: it was shut down; with a liveness check, `still-logged-in` or `gone` (no logout
   * record and the process is gone); without one, `no-logout`.
   */
  end: SessionEnd;
};

export type BootRecord = { time: number; kernel: string };

export type LoginHistory = { sessions: LoginSession[]; boots: BootRecord[] };

const SHUTDOWN_TIME = 254;

/** `last`'s repairs of ut_type, for programs that write `~` lines or leave the type wrong. */
function effectiveType(r: UtmpRecord): number {
  if (r.line.startsWith('~')) {
    if (r.user.startsWith('shutdown')) return SHUTDOWN_TIME;
    if (r.user.startsWith('reboot')) return 2;
    if (r.user.startsWith('runlevel')) return 1;
    return r.typeCode;
  }
  let t = r.typeCode;
  if (t !== 8 && r.user !== '' && r.line !== '' && !r.user.startsWith('LOGIN')) t = 7;
  if (r.user === '') t = 8;
  return t;
}

/** Sessions newest first, like `last`. `isAlive` settles sessions with no logout record (see session-liveness.ts). */
export function loginHistory(records: UtmpRecord[], opts: { isAlive?: LivenessProbe } = {}): LoginHistory {
  const sessions: LoginSession[] = [];
  const boots: BootRecord[] = [];
  // Terminal → time of the nearest later record that ended what was on it.
  const endedAt = new Map<string, number>();
  let lastBoot: number | null = null;
  let whyDown: SessionEnd = 'crash';
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const type = effectiveType(r);
    let down = false;
    if (type === SHUTDOWN_TIME || (type === 1 && ((r.pid & 255) === 48 || (r.pid & 255) === 54))) {
      // A shutdown record, or a change to run level 0 or 6.
      down = true;
    } else if (type === 2) {
      boots.push({ time: r.time, kernel: r.host });
      down = true;
    } else if (type === 7) {
      const ended = endedAt.get(r.line);
      let end: SessionEnd;
      let logout: number | null;
      if (ended !== undefined) {
        end = 'logout';
        logout = ended;
      } else if (lastBoot !== null) {
        end = whyDown;
        logout = lastBoot;
      } else {
        end = opts.isAlive ? (opts.isAlive({ user: r.user, pid: r.pid, line: r.line, login: r.time }) ? 'still-logged-in' : 'gone') : 'no-logout';
        logout = null;
      }
      sessions.push({ user: r.user, line: r.line, host: r.host, address: r.address, pid: r.pid, login: r.time, logout, end });
      // A later login on the same terminal ends an earlier one that logged no logout.
      if (r.line !== '') endedAt.set(r.line, r.time);
    } else if (type === 8 && r.line !== '') {
      endedAt.set(r.line, r.time);
    }
    if (down) {
      lastBoot = r.time;
      whyDown = type === 2 ? 'crash' : 'down';
      endedAt.clear();
    }
  }
  return { sessions, boots };
}

export type CurrentLogin = { user: string; line: string; host: string; address: string | null; pid: number; login: number };

/** Who is logged in now, from utmp: its user-process records, in file order like `who`. */
export function currentLogins(records: UtmpRecord[]): CurrentLogin[] {
  return records
    .filter((r) => r.typeCode === 7 && r.user !== '')
    .map((r) => ({ user: r.user, line: r.line, host: r.host, address: r.address, pid: r.pid, login: r.time }));
}

export type FailedLoginRecord = { user: string; line: string; host: string; address: string | null; time: number };

/** btmp's records, newest first like `lastb`. */
export function failedLoginRecords(records: UtmpRecord[]): FailedLoginRecord[] {
  const out: FailedLoginRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    out.push({ user: r.user, line: r.line, host: r.host, address: r.address, time: r.time });
  }
  return out;
}
