import type { DestinationStream } from 'pino';

/** Erase the current terminal line: carriage return, then clear to the end of the line. */
const CLEAR = '\r\x1b[K';

export type ProgressLine = {
  /** Redraws the one progress line (a no-op when the stream is not a terminal). */
  update(text: string): void;
  /** Ends the progress line so what follows starts on a fresh line. */
  done(): void;
  /** Where a logger writes: each log line clears the progress line first and redraws it after. */
  logStream: DestinationStream;
};

/**
 * Progress belongs to a person watching a terminal: drawn only when `stream` is a TTY, never to a
 * pipe or a file, where it would be noise between JSON log lines. Log lines share the stream and
 * never land in the middle of the progress line.
 */
export function createProgressLine(stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean }): ProgressLine {
  const enabled = stream.isTTY === true;
  let shown: string | null = null;
  return {
    update(text) {
      if (!enabled) return;
      shown = text;
      stream.write(`${CLEAR}${text}`);
    },
    done() {
      if (shown !== null) stream.write('\n');
      shown = null;
    },
    logStream: {
      write(chunk: string) {
        if (shown === null) return void stream.write(chunk);
        stream.write(`${CLEAR}${chunk}${shown}`);
      },
    },
  };
}
