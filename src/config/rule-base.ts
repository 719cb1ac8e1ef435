import { z } from 'zod';
import { LIMITS, ZId, zDuration } from './primitives.js';

export const ZSeverity = z.enum(['info', 'warning', 'critical']);

/** Name of the built-in alert that fires when a check's restart budget is spent. */
export const RESTART_BUDGET_RULE = 'restart-budget';
/** Name of the built-in alert sent when a report could not be rendered. */
export const REPORT_FAILED_RULE = 'report-failed';
/** Name of the built-in alert sent when a rendered report could not be delivered by its deadline. */
export const REPORT_UNDELIVERED_RULE = 'report-undelivered';
const BUILTIN_RULES = new Set([RESTART_BUDGET_RULE, REPORT_FAILED_RULE, REPORT_UNDELIVERED_RULE]);

export const ruleBase = {
  name: ZId.refine((n) => !BUILTIN_RULES.has(n), { error: (iss) => `"${String(iss.input)}" is the name of a built-in alert` }),
  severity: ZSeverity.default('warning'),
  /** The condition must hold this long before the alert fires. */
  for: zDuration({ min: 0, max: LIMITS.timer }).prefault(0),
  /** A firing alert whose data stops survives gaps this long: a missed scrape does not resolve and re-fire it. */
  keepFiringFor: zDuration({ min: 0, max: LIMITS.timer }).prefault('2m'),
  hosts: z.array(ZId).min(1).optional(),
  tags: z.array(ZId).min(1).optional(),
  /** Channels to notify; all channels when absent. */
  channels: z.array(ZId).min(1).optional(),
  summary: z.string().max(500).optional(),
};
