import { z } from 'zod';
import { regexProblem } from '../alert/silence-matchers.js';
import { PRIORITY_NAMES } from '../logs/types.js';
import { zDuration } from './primitives.js';
import { ruleBase } from './rule-base.js';

const ZPriority = z.enum(PRIORITY_NAMES, { error: () => `a syslog severity: ${PRIORITY_NAMES.join(', ')}` });
/** Template ids are 12 hex digits of the template text's hash (`checkup logs analyze --json` prints them). */
const ZTemplateId = z.string().regex(/^[0-9a-f]{12}$/, 'a template id is 12 hex digits, as `checkup logs analyze --json` or `checkup logs top` print it');
const ZSources = z.array(z.string().min(1).max(500)).min(1).max(100);
/** Counts above this in one window are no threshold anyone means; it keeps the number exact. */
const MAX_COUNT = 1_000_000_000;

/**
 * Rule `log`: lines of a template, of templates whose text matches a regex, or of a severity and
 * worse, counted over a trailing window against a threshold. Per host, or per template (`by`).
 */
export const ZLogRule = z.strictObject({
  ...ruleBase,
  type: z.literal('log'),
  template: ZTemplateId.optional(),
  /** Matched (unanchored, case-sensitive) against the template text, e.g. "Out of memory|oom-kill". */
  match: z.string().min(1).max(500).optional(),
  /** Counts only lines this severe or worse (`err` counts emerg, alert, crit and err). */
  minSeverity: ZPriority.optional(),
  /** Source ids as configured under `logs:`; every source when absent. */
  sources: ZSources.optional(),
  /** The trailing window counted at each evaluation. */
  window: zDuration({ min: '1m', max: '1d' }).prefault('5m'),
  op: z.enum(['>', '>=']).default('>='),
  threshold: z.number().int().min(1).max(MAX_COUNT),
  /** Hysteresis: once firing, resolves only when the count falls below this (default: the threshold). */
  resolve: z.number().int().min(0).max(MAX_COUNT).optional(),
  /** One alert per host (all matching lines together) or one per matching template. */
  by: z.enum(['host', 'template']).default('host'),
});

/**
 * Rule `new-template`: a template this host never logged before, at `minSeverity` or worse. It fires
 * once per template and resolves when the template has been quiet for `quiet`.
 */
export const ZNewTemplateRule = z.strictObject({
  ...ruleBase,
  type: z.literal('new-template'),
  minSeverity: ZPriority.default('err'),
  sources: ZSources.optional(),
  /** A template first seen this long ago or less counts as new at an evaluation. */
  lookback: zDuration({ min: '1m', max: '1d' }).prefault('15m'),
  /** Resolves once the template logged nothing for this long. */
  quiet: zDuration({ min: '1m', max: '30d' }).prefault('1h'),
  /** Templates first seen this soon after the host's logs were first read are its baseline, not news. */
  baseline: zDuration({ min: 0, max: '30d' }).prefault('1h'),
});

type LogRuleIssue = { path: PropertyKey[]; message: string };

/** Cross-field checks of both rule types, with the path of the field at fault. */
export function logRuleIssues(r: z.output<typeof ZLogRule> | z.output<typeof ZNewTemplateRule>): LogRuleIssue[] {
  const out: LogRuleIssue[] = [];
  if (r.type === 'new-template') {
    // Resolved before the lookback ran out, the template would still be "new" and fire a second time.
    if (r.quiet < r.lookback) out.push({ path: ['quiet'], message: `quiet (${r.quiet} ms) must be at least lookback (${r.lookback} ms)` });
    return out;
  }
  if (r.template === undefined && r.match === undefined && r.minSeverity === undefined)
    out.push({ path: ['template'], message: 'a log rule needs template, match or minSeverity (what to count)' });
  if (r.match !== undefined) {
    const problem = regexProblem(r.match);
    if (problem) out.push({ path: ['match'], message: problem });
  }
  if (r.resolve !== undefined && r.resolve > r.threshold)
    out.push({ path: ['resolve'], message: `resolve ${r.resolve} is above threshold ${r.threshold} (a log rule resolves when the count falls below it)` });
  return out;
}
