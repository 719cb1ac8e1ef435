import { describe, expect, it } from 'vitest';
import { createProgressLine } from '../../../src/cli/progress-line.js';
import { createLogger } from '../../../src/shared/logger.js';

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => (writes.push(s), true) } };
};

describe('the --wait progress line', () => {
  it('draws nothing when stderr is not a terminal; log lines pass through whole', () => {
    const { writes, stream } = fakeStream(false);
    const p = createProgressLine(stream);
    const log = createLogger({ level: 'info', destination: p.logStream });
    p.update('rendering    40%');
    log.warn('queue error');
    p.done();
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]!)).toMatchObject({ level: 40, msg: 'queue error' });
  });

  it('on a terminal, a log line clears the progress line, prints whole, and the progress is drawn again after it', () => {
    const { writes, stream } = fakeStream(true);
    const p = createProgressLine(stream);
    const log = createLogger({ level: 'info', destination: p.logStream });
    p.update('rendering    40%');
    log.warn('job failed');
    p.update('delivering   90%');
    p.done();
    const screen = writes.join('');
    // What a terminal ends up showing: split at carriage returns, each log line stands alone.
    const logLine = writes[1]!;
    expect(logLine.startsWith('\r\x1b[K{')).toBe(true);
    const json = logLine.slice(4, logLine.indexOf('\n') + 1);
    expect(JSON.parse(json)).toMatchObject({ msg: 'job failed' });
    expect(logLine.endsWith('\nrendering    40%')).toBe(true);
    expect(screen.endsWith('\r\x1b[Kdelivering   90%\n')).toBe(true);
  });
});
