import { describe, expect, it } from 'vitest';
import { waitForReport } from '../../../src/cli/commands/wait-for-report.js';
import type { ReportRepo } from '../../../src/report/report-repo.js';

describe('report --wait', () => {
  it('gives up at --timeout even when a read never answers (Redis gone: ioredis waits for the reconnect)', async () => {
    let reads = 0;
    const hanging = {
      get: () => (reads++ === 0 ? Promise.resolve({ status: 'rendering', progress: 40 }) : new Promise(() => undefined)),
    } as unknown as ReportRepo;
    const progress: string[] = [];
    const started = Date.now();
    await expect(waitForReport({ reports: hanging, id: 'daily-x', timeoutMs: 1_000, onProgress: (s, p) => progress.push(`${s} ${p}`) })).rejects.toThrow(
      /report daily-x did not finish within 1 s \(Redis did not answer\)/,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(progress).toEqual(['rendering 40']);
  }, 10_000);
});
