import { AppError } from '../../shared/errors.js';
import type { ReportRecord, ReportRepo } from '../../report/report-repo.js';

const FINAL = new Set(['delivered', 'completed', 'failed']);
const GONE = Symbol('deadline');

/**
 * Polls the report record until it reaches a final state; a quarter second is quick enough for a
 * human. Each read races the deadline: with Redis gone a read waits for the reconnect, and
 * --timeout must still end the wait.
 */
export async function waitForReport(opts: {
  reports: ReportRepo;
  id: string;
  timeoutMs: number;
  onProgress?: (status: string, pct: number) => void;
}): Promise<ReportRecord> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: ReportRecord | null = null;
  for (;;) {
    const r = await beforeDeadline(opts.reports.get(opts.id), deadline);
    if (r !== GONE && r) {
      last = r;
      opts.onProgress?.(r.status, r.progress);
      if (FINAL.has(r.status)) return r;
    }
    if (r === GONE || Date.now() > deadline) {
      const why = r === GONE ? 'Redis did not answer' : `last status: ${last?.status ?? 'unknown'}`;
      throw new AppError('TIMEOUT', `report ${opts.id} did not finish within ${Math.round(opts.timeoutMs / 1000)} s (${why})`);
    }
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function beforeDeadline<T>(p: Promise<T>, deadline: number): Promise<T | typeof GONE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof GONE>((resolve) => (timer = setTimeout(() => resolve(GONE), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
