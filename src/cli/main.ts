import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { archiveCommand } from './commands/archive.command.js';
import { configCommand } from './commands/config.command.js';
import { deliveriesCommand } from './commands/deliveries.command.js';
import { reportCommand } from './commands/report.command.js';
import { roleCommand } from './commands/roles.command.js';
import { silenceCommand } from './commands/silence.command.js';
import { simulateCommand } from './commands/simulate.command.js';
import { webCommand } from './commands/web.command.js';
import { forecastCommand } from './commands/forecast.command.js';
import { securityCommand } from './commands/security.command.js';
import { logsCommand } from './commands/logs.command.js';
import { exitCodeFor, printError, setVerbose, type GlobalOpts } from './context.js';
import { oneLineUsage } from './usage-output.js';

// src/cli in development, dist/src/cli when built: the package root is two or three levels up.
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'checkup' && pkg.version) return pkg.version;
    } catch {
      // try the next level
    }
  }
  return '0.0.0';
}

export function buildProgram(): Command {
  const program = new Command('checkup')
    .description('System health reports people trust: collect, store, forecast, render, deliver, archive.')
    .version(packageVersion())
    .option('-c, --config <file>', 'config file (default: $CHECKUP_CONFIG, else ./checkup.yml, else built-in defaults)')
    .option('-v, --verbose', 'more logging on stderr, and the stack of an unexpected failure')
    .exitOverride();
  const globals = () => program.opts<GlobalOpts>();
  program.hook('preAction', () => setVerbose(Boolean(globals().verbose)));
  program.addCommand(roleCommand('start', globals), { isDefault: false });
  program.addCommand(roleCommand('agent', globals));
  program.addCommand(roleCommand('worker', globals));
  program.addCommand(reportCommand(globals));
  program.addCommand(configCommand());
  program.addCommand(archiveCommand(globals));
  program.addCommand(deliveriesCommand(globals));
  program.addCommand(silenceCommand(globals));
  program.addCommand(simulateCommand(globals));
  program.addCommand(webCommand(globals));
  program.addCommand(forecastCommand());
  program.addCommand(securityCommand(globals));
  program.addCommand(logsCommand(globals));
  oneLineUsage(program);
  return program;
}

/** Whatever escapes a command still ends as one line and an exit code, never a Node stack trace. */
function fail(err: unknown): void {
  printError(err);
  process.exitCode = exitCodeFor(err);
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; unknown options and missing arguments are usage errors,
      // already printed as one line by oneLineUsage.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    fail(err);
  }
}

process.on('unhandledRejection', (err) => {
  fail(err);
  process.exit();
});
process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
  // A reader that went away (`checkup archive list | head -1`) is not a failure to report.
  if (err.code !== 'EPIPE') fail(err);
  process.exit();
});

void main();
