/**
 * Reads the three login-record files. wtmp grows for a month before logrotate (years where nobody
 * rotates it), so only its last `maxBytes` are read, cut on a record boundary. A file that is
 * missing or unreadable (btmp is root-only) is reported as such: "nobody failed to log in" and
 * "we could not read btmp" are different facts.
 */
import { open } from 'node:fs/promises';
import {
  currentLogins,
  failedLoginRecords,
  loginHistory,
  type CurrentLogin,
  type FailedLoginRecord,
  type LoginSession,
  type BootRecord,
} from './login-history.js';
import { localLivenessProbe } from './session-liveness.js';
import { parseUtmp, UTMP_RECORD_SIZE, type UtmpRecord } from './utmp.js';

export type LoginFilePaths = { utmp: string; wtmp: string; btmp: string };
export const LOGIN_FILES: LoginFilePaths = { utmp: '/run/utmp', wtmp: '/var/log/wtmp', btmp: '/var/log/btmp' };

/** 16 MiB is ~43,000 records: a month of logins on a busy bastion. */
export const DEFAULT_MAX_LOGIN_FILE_BYTES = 16 * 1024 * 1024;

export type FileRead = {
  path: string;
  status: 'ok' | 'missing' | 'unreadable';
  error?: string;
  records: UtmpRecord[];
  skippedBytes: number;
  trailingBytes: number;
};

export async function readUtmpFile(path: string, opts: { maxBytes?: number } = {}): Promise<FileRead> {
  const maxBytes = Math.max(UTMP_RECORD_SIZE, opts.maxBytes ?? DEFAULT_MAX_LOGIN_FILE_BYTES);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { path, status: code === 'ENOENT' ? 'missing' : 'unreadable', error: code, records: [], skippedBytes: 0, trailingBytes: 0 };
  }
  try {
    const { size } = await fh.stat();
    const whole = Math.floor(size / UTMP_RECORD_SIZE) * UTMP_RECORD_SIZE;
    const window = Math.min(whole, Math.floor(maxBytes / UTMP_RECORD_SIZE) * UTMP_RECORD_SIZE);
    const buf = Buffer.alloc(window);
    const { bytesRead } = await fh.read(buf, 0, window, whole - window);
    const { records } = parseUtmp(buf.subarray(0, bytesRead));
    return { path, status: 'ok', records, skippedBytes: whole - window, trailingBytes: size - whole };
  } catch (err) {
    return { path, status: 'unreadable', error: (err as NodeJS.ErrnoException).code ?? String(err), records: [], skippedBytes: 0, trailingBytes: 0 };
  } finally {
    await fh.close();
  }
}

export type FileStatus = Omit<FileRead, 'records'>;

export type LoginRecords = {
  /** Who is logged in now; null when utmp could not be read. */
  current: CurrentLogin[] | null;
  history: { sessions: LoginSession[]; boots: BootRecord[] } | null;
  failed: FailedLoginRecord[] | null;
  files: { utmp: FileStatus; wtmp: FileStatus; btmp: FileStatus };
};

const status = ({ records: _records, ...rest }: FileRead): FileStatus => rest;

/**
 * Reads utmp, wtmp and btmp. `localHost` says the files are this machine's, so a session with no
 * logout can be checked against /proc (still logged in, or gone without a logout record).
 */
export async function readLoginRecords(opts: { paths?: Partial<LoginFilePaths>; maxBytes?: number; localHost?: boolean } = {}): Promise<LoginRecords> {
  const paths = { ...LOGIN_FILES, ...opts.paths };
  const [utmp, wtmp, btmp] = await Promise.all([readUtmpFile(paths.utmp, opts), readUtmpFile(paths.wtmp, opts), readUtmpFile(paths.btmp, opts)]);
  const isAlive = opts.localHost ? localLivenessProbe() : undefined;
  return {
    current: utmp.status === 'ok' ? currentLogins(utmp.records) : null,
    history: wtmp.status === 'ok' ? loginHistory(wtmp.records, isAlive ? { isAlive } : {}) : null,
    failed: btmp.status === 'ok' ? failedLoginRecords(btmp.records) : null,
    files: { utmp: status(utmp), wtmp: status(wtmp), btmp: status(btmp) },
  };
}
