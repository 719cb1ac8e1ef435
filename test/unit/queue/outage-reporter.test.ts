import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOutageReporter } from '../../../src/queue/outage-reporter.js';
import { createLogger } from '../../../src/shared/logger.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

describe('outage reporter', () => {
  let lines: Array<Record<string, unknown>>;
  let reporter: ReturnType<typeof createOutageReporter>;
  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    const log = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
    reporter = createOutageReporter({ log, now: () => Date.now() });
  });
  afterEach(() => {
    reporter.close();
    vi.useRealTimers();
  });

  it('logs the first error, one line per backoff step with counts, and one on recovery', () => {
    // 20 errors a second from three sources for 10 s, as during a real outage.
    for (let ms = 0; ms < 10_000; ms += 50) {
      reporter.error(['redis', 'queue report', 'worker deliver'][ms % 3]!, refused());
      vi.advanceTimersByTime(50);
    }
    reporter.recovered();
    expect(lines.map((l) => l.msg)).toEqual([
      'Redis unreachable: counting errors, one status line per backoff step until it is back',
      'Redis still unreachable', // 1 s
      'Redis still unreachable', // 3 s
      'Redis still unreachable', // 7 s
      'Redis reachable again',
    ]);
    expect(lines[0]).toMatchObject({ level: 50, err: 'connect ECONNREFUSED 127.0.0.1:6379', code: 'ECONNREFUSED' });
    expect(JSON.stringify(lines)).not.toContain('stack');
    expect(lines[1]).toMatchObject({ downForMs: 1000, nextReportInMs: 2000 });
    expect(lines[4]).toMatchObject({ downForMs: 10_000, totalErrors: 200 });
    const counted = lines.slice(1, 4).reduce((n, l) => n + Object.values(l.errors as Record<string, number>).reduce((a, b) => a + b, 0), 0);
    expect(counted).toBeLessThanOrEqual(200);
  });

  it('does not report stragglers right after a recovery as a new outage, and logs other errors as they are', () => {
    reporter.error('redis', refused());
    reporter.recovered();
    reporter.error('worker report', refused());
    vi.advanceTimersByTime(10_000);
    reporter.error('worker report', new Error('Missing lock for job 42'));
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^Redis unreachable/), 'Redis reachable again', 'worker report error']);
    expect(lines[2]).toMatchObject({ level: 50, source: 'worker report', err: expect.objectContaining({ message: 'Missing lock for job 42' }) });
  });
});
