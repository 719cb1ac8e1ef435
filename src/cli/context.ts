import type { DestinationStream } from 'pino';
import { loadConfig, type AppConfig } from '../config/load-config.js';
import { ConfigError, UsageError, AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createLogger } from '../shared/logger.js';

export type GlobalOpts = { config?: string; verbose?: boolean };

/** Set from --verbose before any action runs: only then does an unexpected failure print its stack. */
let verboseErrors = false;
export function setVerbose(on: boolean): void {
  verboseErrors = on;
}

export function readConfig(opts: GlobalOpts): AppConfig {
  return loadConfig({ file: opts.config });
}

/** Long-running roles log JSON lines to stderr, like every command: stdout is for answers. */
export function serviceLogger(config: AppConfig): Logger {
  return createLogger({ level: config.log.level, pretty: config.log.pretty });
}

/** One-shot commands log warnings and errors only (debug with --verbose), as JSON lines on stderr. */
export function commandLogger(opts: GlobalOpts, destination?: DestinationStream): Logger {
  return createLogger({ level: opts.verbose ? 'debug' : 'warn', ...(destination ? { destination } : {}) });
}

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or config. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ConfigError || err instanceof UsageError) return 2;
  if (err instanceof AppError && err.code === 'USAGE') return 2;
  return 1;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, '; ').trim();

/** The lines `checkup: <reason>` for an error: one per config problem, else exactly one. */
export function errorLines(err: unknown, opts: { verbose?: boolean } = {}): string[] {
  if (err instanceof ConfigError) {
    return err.issues.map((issue) => `checkup: ${err.source && !issue.startsWith(err.source) ? `${err.source}: ` : ''}${oneLine(issue)}`);
  }
  if (err instanceof AppError) return [`checkup: ${oneLine(err.message)}`];
  const message = err instanceof Error ? err.message || err.name : String(err);
  if (opts.verbose && err instanceof Error && err.stack) return [`checkup: ${err.stack}`];
  return [`checkup: ${oneLine(message)} (run with --verbose for the stack)`];
}

export function printError(err: unknown): void {
  for (const line of errorLines(err, { verbose: verboseErrors })) process.stderr.write(`${line}\n`);
}

/** Wraps a command action: prints a clean message (no stack for expected errors) and sets the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      printError(err);
      process.exitCode = exitCodeFor(err);
    }
  };
}
