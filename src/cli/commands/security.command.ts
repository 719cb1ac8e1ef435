/**
 * `checkup security scan|ports|files|logins`: the security signals of this host, offline. Thin:
 * reading, recognising and diffing live in src/security; rendering in ./security/*.ts. Bad usage
 * and unreadable input are UsageErrors: one line `checkup: <reason>`, exit 2.
 */
import { Command } from 'commander';
import type { AppConfig } from '../../config/load-config.js';
import { watchedPaths } from '../../config/security-schema.js';
import type { BaselineStore } from '../../security/baseline/baseline-store.js';
import { BaselineError } from '../../security/baseline/baseline-store.js';
import { ZFilesBaseline, ZPortsBaseline } from '../../security/baseline/baseline-schemas.js';
import { compareWithBaseline } from '../../security/baseline/compare-baseline.js';
import { FileBaselineStore } from '../../security/baseline/file-baseline-store.js';
import { diffFiles } from '../../security/files/files-diff.js';
import { filesSnapshotter } from '../../security/files/files-snapshot.js';
import { readLoginRecords } from '../../security/logins/read-logins.js';
import { diffPorts } from '../../security/ports/ports-diff.js';
import { portsSnapshotter } from '../../security/ports/ports-snapshot.js';
import { UsageError } from '../../shared/errors.js';
import { action, readConfig, type GlobalOpts } from '../context.js';
import { filesJson, formatFiles } from './security/files.js';
import { formatLogins, loginsJson } from './security/logins.js';
import { formatPorts, portsJson } from './security/ports.js';
import { runScan, type ScanOptions } from './security/scan.js';

type BaselineOpts = { json?: boolean; baseline?: string; updateBaseline?: boolean };

function baselineStore(config: AppConfig, file: string | undefined): BaselineStore {
  return file ? new FileBaselineStore(() => file) : FileBaselineStore.inDir(config.paths.security);
}

/** A baseline that cannot be read or is not a snapshot is the operator's to fix: exit 2 with where it is. */
async function withBaseline<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BaselineError) throw new UsageError(err.message);
    throw err;
  }
}

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function baselineOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one JSON object')
    .option('--baseline <file>', 'compare with this baseline file (default: <dataDir>/security/<name>.json)')
    .option('--update-baseline', 'make this snapshot the baseline after comparing');
}

export function securityCommand(globals: () => GlobalOpts): Command {
  const group = new Command('security').description('Security signals: auth logs, listening ports, critical files, login records');
  group.addCommand(
    new Command('scan')
      .description('Scan an auth log (syslog or `sshd -E` lines, plain or gzip) for failed and accepted logins, sudo/su and account changes')
      .option('--file <file>', 'the log file to scan')
      .option('--json', 'print one JSON object')
      .option('--events', 'list every recognised line (with --json: an "events" array)')
      .action(action(async (opts: ScanOptions) => print(await runScan(opts)))),
  );
  group.addCommand(
    baselineOptions(new Command('ports').description('Listening sockets (exposed first) with their processes, and changes since the baseline')).action(
      action(async (opts: BaselineOpts) => {
        const config = readConfig(globals());
        const snapshot = portsSnapshotter({ allow: config.security.ports.allow, fullScanEvery: 1 }).snapshot();
        const store = baselineStore(config, opts.baseline);
        const r = await withBaseline(() =>
          compareWithBaseline({ store, name: 'ports', schema: ZPortsBaseline, snapshot, diff: diffPorts, update: Boolean(opts.updateBaseline) }),
        );
        print(opts.json ? JSON.stringify(portsJson(r)) : formatPorts(r));
      }),
    ),
  );
  group.addCommand(
    baselineOptions(new Command('files').description('Owner, mode, mtime and SHA-256 of the watched files, and which changed since the baseline')).action(
      action(async (opts: BaselineOpts) => {
        const config = readConfig(globals());
        const f = config.security.files;
        const snapshot = filesSnapshotter({
          paths: watchedPaths(config.security),
          homeFiles: f.homeFiles,
          maxFiles: f.maxFiles,
          maxFileBytes: f.maxFileBytes,
        }).snapshot();
        const store = baselineStore(config, opts.baseline);
        const r = await withBaseline(() =>
          compareWithBaseline({ store, name: 'files', schema: ZFilesBaseline, snapshot, diff: diffFiles, update: Boolean(opts.updateBaseline) }),
        );
        print(opts.json ? JSON.stringify(filesJson(r)) : formatFiles(r));
      }),
    ),
  );
  group.addCommand(
    new Command('logins')
      .description('Who is logged in (utmp), recent sessions (wtmp) and failed logins (btmp)')
      .option('--json', 'print one JSON object')
      .option('--limit <n>', 'rows per table in the text output', '20')
      .action(
        action(async (opts: { json?: boolean; limit: string }) => {
          const limit = Number(opts.limit);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
            throw new UsageError(`--limit must be an integer from 1 to 100000, got "${opts.limit}"`);
          const l = readConfig(globals()).security.logins;
          const r = await readLoginRecords({ paths: { utmp: l.utmp, wtmp: l.wtmp, btmp: l.btmp }, maxBytes: l.maxBytes, localHost: true });
          print(opts.json ? JSON.stringify(loginsJson(r)) : formatLogins(r, limit));
        }),
      ),
  );
  return group;
}
