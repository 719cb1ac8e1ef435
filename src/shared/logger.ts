import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. JSON lines on stderr (stdout is for a command's answer, e.g. `--json`);
 * `pretty` comes from the config file (the config module owns the environment; nothing here reads
 * it). `destination` lets a command share stderr with a progress line.
 */
export function createLogger(opts: { level?: string; pretty?: boolean; name?: string; destination?: DestinationStream } = {}): Logger {
  const base = { name: opts.name ?? 'checkup', level: opts.level ?? 'info' };
  if (opts.pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } } });
  return pino(base, opts.destination ?? pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything: for tests and benches that assert on behaviour, not logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
