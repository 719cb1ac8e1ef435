export type Status = 'ok' | 'warn' | 'fail';

/**
 * Where a report calls a host unhealthy. Fixed for now and printed in the report's reasons, so a
 * reader knows exactly why a score dropped.
 */
export const THRESHOLDS = {
  diskWarnPct: 80,
  diskFailPct: 90,
  cpuAvgWarnPct: 75,
  cpuAvgFailPct: 90,
  memMaxWarnPct: 90,
  memMaxFailPct: 97,
  coverageWarnPct: 90,
} as const;

export function statusOf(value: number | null, warn: number, fail: number): Status {
  if (value === null) return 'ok';
  if (value >= fail) return 'fail';
  if (value >= warn) return 'warn';
  return 'ok';
}

export function worst(statuses: Status[]): Status {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'ok';
}
