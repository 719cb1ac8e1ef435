import { PRIORITY_NAMES, type PriorityName } from '../types.js';
import type { LogSeverity } from './log-repo.js';

/** Lower is more severe; `unknown` ranks below every named severity (it said nothing). */
export function severityRank(s: LogSeverity): number {
  const i = (PRIORITY_NAMES as readonly string[]).indexOf(s);
  return i >= 0 ? i : PRIORITY_NAMES.length;
}

export function moreSevere(a: LogSeverity, b: LogSeverity): LogSeverity {
  return severityRank(a) <= severityRank(b) ? a : b;
}

/** `minSeverity: err` admits emerg, alert, crit and err; unknown is never at least anything. */
export function atLeast(s: LogSeverity, min: PriorityName | undefined): boolean {
  return min === undefined || severityRank(s) <= severityRank(min);
}

export function isLogSeverity(s: string): s is LogSeverity {
  return s === 'unknown' || (PRIORITY_NAMES as readonly string[]).includes(s);
}
