/**
 * `checkup security scan --file F [--json] [--events]`: an auth log read offline (plain or gzip;
 * syslog lines, a `journalctl -o json` export, or the bare lines of `sshd -E`; the format is
 * detected from the first lines, as `checkup logs analyze --format auto` does). With --json the last stdout line is one object
 * (contract in docs/SECURITY-SIGNALS.md); without, a summary for a person.
 */
import { stat } from 'node:fs/promises';
import { AUTO_SAMPLE_LINES, detectFormat } from '../../../logs/parse/index.js';
import type { AuthSummary } from '../../../security/auth/auth-summary.js';
import { readFirstLines } from '../../../security/auth/read-lines.js';
import { scanAuthFile } from '../../../security/auth/scan-auth-log.js';
import { UsageError } from '../../../shared/errors.js';
import { cell } from '../../terminal-safe.js';
import { textTable } from '../../text-table.js';

export type ScanOptions = { file?: string; json?: boolean; events?: boolean };

/** Rows shown per table in the text output; --json has them all. */
const TOP = 20;

export async function runScan(opts: ScanOptions): Promise<string> {
  if (!opts.file) throw new UsageError('--file FILE is required');
  try {
    const st = await stat(opts.file);
    if (!st.isFile()) throw new UsageError(`cannot read ${opts.file}: not a regular file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let scan;
  try {
    // Syslog files (auth.log, secure), `journalctl -o json` exports, or the bare lines of `sshd -E`.
    const { parse } = detectFormat(await readFirstLines(opts.file, AUTO_SAMPLE_LINES));
    scan = await scanAuthFile(opts.file, { parse, keepEvents: Boolean(opts.events) });
  } catch (err) {
    // Readable at stat, not at open (permissions), or a corrupt gzip: the file cannot be read.
    throw new UsageError(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (opts.json) return JSON.stringify(scan.summary);
  return formatScan(scan.summary, { file: opts.file, lines: scan.lines });
}

const time = (t: string | null): string => (t === null ? 'unknown' : t.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

export function formatScan(s: AuthSummary, info: { file: string; lines: number }): string {
  const out: string[] = [`${cell(info.file, 200)}: ${info.lines} lines`];
  const f = s.failedLogins;
  out.push('', `Failed logins: ${f.total} from ${f.bySource.length} source${f.bySource.length === 1 ? '' : 's'}`);
  if (f.bySource.length > 0) {
    const rows = f.bySource.slice(0, TOP).map((x) => [
      cell(x.source, 45, 'unknown'),
      String(x.count),
      String(x.users.length),
      x.users
        .slice(0, 5)
        .map((u) => cell(u, 20, '""'))
        .join(', '),
    ]);
    out.push(textTable(['SOURCE', 'FAILED', 'USERS', 'FIRST USERS TRIED'], rows, { indent: '  ', right: [1, 2] }));
    if (f.bySource.length > TOP) out.push(`  … ${f.bySource.length - TOP} more (--json lists all)`);
    out.push('', 'Users tried most:');
    out.push(
      textTable(
        ['USER', 'FAILED'],
        f.byUser.slice(0, TOP).map((u) => [cell(u.user, 32, 'unknown'), String(u.count)]),
        { indent: '  ', right: [1] },
      ),
    );
  }
  out.push('', `Accepted logins: ${s.acceptedLogins.length}`);
  if (s.acceptedLogins.length > 0) {
    const rows = s.acceptedLogins.slice(-TOP).map((a) => [time(a.time), cell(a.user, 32), cell(a.source, 45), cell(a.method, 30)]);
    out.push(textTable(['TIME', 'USER', 'SOURCE', 'METHOD'], rows, { indent: '  ' }));
  }
  const failed = s.sudo.filter((x) => !x.ok).length;
  out.push('', `sudo/su: ${s.sudo.length} (${failed} failed)`);
  if (s.sudo.length > 0) {
    const rows = s.sudo
      .slice(-TOP)
      .map((x) => [time(x.time), cell(x.user, 32), cell(x.runAs, 32), x.ok ? 'ok' : 'FAILED', x.command === null ? '(su)' : cell(x.command, 60)]);
    out.push(textTable(['TIME', 'USER', 'AS', 'RESULT', 'COMMAND'], rows, { indent: '  ' }));
  }
  if (s.events) {
    out.push('', `Events: ${s.events.length}`);
    const rows = s.events.map((e) => [String(e.line), e.kind, cell(e.user, 32), cell(e.source, 45), time(e.time)]);
    out.push(textTable(['LINE', 'KIND', 'USER', 'SOURCE', 'TIME'], rows, { indent: '  ', right: [0] }));
  }
  return out.join('\n');
}
