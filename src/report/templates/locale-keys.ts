import type { Status } from '../model/thresholds.js';

/**
 * Locale keys built at run time (`status.${s}`), listed so the locale test can check them: every
 * other key appears literally in a template or in report code.
 */
export const STATUS_KEYS: Record<Status | 'unknown' | 'none' | 'nodata', string> = {
  ok: 'status.ok',
  warn: 'status.warn',
  fail: 'status.fail',
  unknown: 'status.unknown',
  none: 'status.none',
  nodata: 'status.nodata',
};
export const SEVERITY_KEYS = { info: 'severity.info', warning: 'severity.warning', critical: 'severity.critical' } as const;
export const DYNAMIC_KEYS: readonly string[] = [...Object.values(STATUS_KEYS), ...Object.values(SEVERITY_KEYS)];
