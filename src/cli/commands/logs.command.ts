/**
 * `checkup logs analyze --file F [--format PATTERN|syslog|journal|json|auto] [--json] [--lines]`
 * analyses a log file offline: templates with their counts and severities. Other tools script
 * against it, so the output is a contract: with --json the last stdout line is one object
 * `{ "templates": [{ "id", "template", "count", "severity" }], "lines": [...] }`, `lines` only with
 * --lines (one template id per input line, in order; a folded continuation line has its entry's id).
 * Bad usage or an unreadable file: exit 2 with one line `checkup: <reason>`.
 *
 * `checkup logs top --host H [--period day|week] [--json]` reads the store: with --json one object
 * `{ "host", "period": { "from", "to" }, "templates": [{ "id", "template", "count", "severity",
 * "previous", "change" }], "newTemplates": [{ "id", "template", "count", "severity", "firstSeen" }],
 * "sources": [{ "source", "since", "lastRead", "problem" }] }`. An unknown host or a bad period: exit 2.
 */
import { Command } from 'commander';
import { analyzeFile, formatAnalysisTable, UnreadableFileError } from '../../logs/offline/index.js';
import { FORMAT_NAMES, PatternError } from '../../logs/parse/index.js';
import { logsTop, type TopPeriod } from '../../logs/top/logs-top.js';
import { ZId } from '../../config/primitives.js';
import { UsageError } from '../../shared/errors.js';
import { action, commandLogger, readConfig, type GlobalOpts } from '../context.js';
import { formatTop, topToJson } from './logs-top-output.js';

type AnalyzeOptions = { file?: string; format?: string; json?: boolean; lines?: boolean };

async function runAnalyze(opts: AnalyzeOptions): Promise<string> {
  if (!opts.file) throw new UsageError('--file FILE is required');
  try {
    const analysis = await analyzeFile({ file: opts.file, format: opts.format ?? 'auto', lines: opts.lines === true });
    if (!opts.json) return formatAnalysisTable(analysis);
    const templates = analysis.templates.map(({ id, template, count, severity }) => ({ id, template, count, severity }));
    return JSON.stringify(opts.lines ? { templates, lines: analysis.lines ?? [] } : { templates });
  } catch (err) {
    if (err instanceof UnreadableFileError || err instanceof PatternError) throw new UsageError(err.message);
    throw err;
  }
}

type TopOptions = { host?: string; period?: string; json?: boolean };

async function runTop(parent: GlobalOpts, opts: TopOptions): Promise<string> {
  if (!opts.host) throw new UsageError('--host H is required');
  if (!ZId.safeParse(opts.host).success) throw new UsageError(`--host: not a host id: "${opts.host}"`);
  const period = opts.period ?? 'day';
  if (period !== 'day' && period !== 'week') throw new UsageError(`--period must be day or week, got "${period}"`);
  // Loaded on use: `checkup --help` should not pay for BullMQ.
  const { boot } = await import('../../app/boot.js');
  const config = readConfig(parent);
  const booted = await boot({ config, log: commandLogger(parent), startEmbedded: false });
  try {
    const { deps } = booted.runtime;
    const [hosts, sources] = await Promise.all([deps.hosts.list(), deps.logs.sources(opts.host)]);
    if (!hosts.includes(opts.host) && sources.length === 0) throw new UsageError(`unknown host "${opts.host}" (no metrics and no logs from it)`);
    const top = await logsTop({ reader: deps.logs, host: opts.host, period: period as TopPeriod, now: Date.now() });
    return opts.json ? JSON.stringify(topToJson(top)) : formatTop(top);
  } finally {
    await booted.close();
  }
}

export function logsCommand(parent: () => GlobalOpts): Command {
  const cmd = new Command('logs').description('log analysis: templates, counts and severities');
  cmd
    .command('analyze')
    .description('analyse a log file offline: its templates, with counts and severities')
    .option('--file <file>', 'the log file to read')
    .option(
      '--format <format>',
      `${FORMAT_NAMES.filter((f) => f !== 'auto').join('|')}|auto, or a pattern such as "<Date> <Time> <Level> <Component>: <Content>"`,
      'auto',
    )
    .option('--json', 'print one JSON object (the last line)')
    .option('--lines', 'also give each input line its template id, in input order')
    .action(
      action(async (opts: AnalyzeOptions) => {
        process.stdout.write(`${await runAnalyze(opts)}\n`);
      }),
    );
  cmd
    .command('top')
    .description("a host's most counted log templates over the last day or week, against the period before, and its new templates")
    .option('--host <id>', 'the host')
    .option('--period <period>', 'day|week', 'day')
    .option('--json', 'print one JSON object (the last line)')
    .action(
      action(async (opts: TopOptions) => {
        process.stdout.write(`${await runTop(parent(), opts)}\n`);
      }),
    );
  return cmd;
}
