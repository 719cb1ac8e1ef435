import { AppError } from '../../shared/errors.js';
import type { ReportRecord, ReportRepo } from '../../report/report-repo.js';

const FINAL = new Set(['delivered', 'completed', 'failed']);

/** Polls the report record until it reaches a final state; a quarter second is quick enough for a human. */
export async function waitForReport(opts: { reports: ReportRepo; id: string; timeoutMs: number; onProgress?: (status: string, pct: number) => void }): Promise<ReportRecord> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const r = await opts.reports.get(opts.id);
    if (r) {
      opts.onProgress?.(r.status, r.progress);
      if (FINAL.has(r.status)) return r;
    }
    if (Date.now() > deadline) throw new AppError('TIMEOUT', `report ${opts.id} did not finish within ${Math.round(opts.timeoutMs / 1000)} s (last status: ${r?.status ?? 'unknown'})`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
