import type { BaselineInfo } from '../../../security/baseline/compare-baseline.js';
import { cell } from '../../terminal-safe.js';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function baselineJson(b: BaselineInfo): unknown {
  return { location: b.location, time: iso(b.time), saved: b.saved };
}

export function baselineLine(b: BaselineInfo, changes: number): string {
  const where = cell(b.location, 200);
  if (b.time === null) return `No baseline before: this snapshot is now the baseline (${where}).`;
  const head = `Changes since the baseline of ${iso(b.time)}: ${changes === 0 ? 'none' : changes}`;
  return b.saved ? `${head} (baseline updated to this snapshot, ${where})` : head;
}
