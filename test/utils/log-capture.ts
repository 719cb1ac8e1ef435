import { pino, type Logger } from 'pino';

export type CapturedLine = { level: number; msg: string; [k: string]: unknown };

/** A logger whose lines a test can read: warnings are 40, info 30. */
export function captureLog(): { log: Logger; lines: CapturedLine[]; warnings: () => string[] } {
  const lines: CapturedLine[] = [];
  const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as CapturedLine) });
  return { log, lines, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}
