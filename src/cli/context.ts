import { pino } from 'pino';
import { loadConfig, type AppConfig } from '../config/load-config.js';
import { ConfigError, UsageError, AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { createLogger } from '../shared/logger.js';

export type GlobalOpts = { config?: string; verbose?: boolean };

export function readConfig(opts: GlobalOpts): AppConfig {
  return loadConfig({ file: opts.config });
}

/** Long-running roles log JSON lines to stdout; one-shot commands keep stdout for their answer. */
export function serviceLogger(config: AppConfig): Logger {
  return createLogger({ level: config.log.level, pretty: config.log.pretty });
}

export function commandLogger(opts: GlobalOpts): Logger {
  return pino({ level: opts.verbose ? 'debug' : 'warn' }, pino.destination(2));
}

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or config. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ConfigError || err instanceof UsageError) return 2;
  if (err instanceof AppError && err.code === 'USAGE') return 2;
  return 1;
}

export function printError(err: unknown): void {
  if (err instanceof ConfigError) {
    console.error('checkup: configuration is invalid:');
    for (const line of err.issues) console.error(`  ${line}`);
    return;
  }
  if (err instanceof AppError) {
    console.error(`checkup: ${err.message}`);
    return;
  }
  console.error(`checkup: ${(err as Error)?.stack ?? String(err)}`);
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
