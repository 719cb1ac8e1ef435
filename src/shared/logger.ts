import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. JSON lines by default (what log shippers want); set `CHECKUP_LOG_PRETTY=1`
 * is not read here on purpose: the config module owns the environment and passes `pretty`.
 */
export function createLogger(opts: { level?: string; pretty?: boolean; name?: string } = {}): Logger {
  return pino({
    name: opts.name ?? 'checkup',
    level: opts.level ?? 'info',
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}

/** A logger that drops everything: for tests and benches that assert on behaviour, not logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
