/**
 * `checkup logs analyze --file F [--format PATTERN|syslog|journal|json|auto] [--json] [--lines]`
 * analyses a log file offline: templates with their counts and severities. Other tools script
 * against it, so the output is a contract: with --json the last stdout line is one object
 * `{ "templates": [{ "id", "template", "count", "severity" }], "lines": [...] }`, `lines` only with
 * --lines (one template id per input line, in order; a folded continuation line has its entry's id).
 * Bad usage or an unreadable file: exit 2 with one line `checkup: <reason>`. The `logs` group has
 * room for `logs top`, which reads the store.
 */
import { Command } from 'commander';
import { analyzeFile, formatAnalysisTable, UnreadableFileError } from '../../logs/offline/index.js';
import { FORMAT_NAMES, PatternError } from '../../logs/parse/index.js';
import { UsageError } from '../../shared/errors.js';
import { action } from '../context.js';

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

export function logsCommand(): Command {
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
  return cmd;
}
