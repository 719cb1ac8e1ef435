import { z } from 'zod';
import { ruleMetricNames, ruleMetricProblem, type MetricRuleType } from '../metrics/index.js';
import { ZHttpUrl } from './checks-schema.js';
import { LIMITS, ZCron, ZEmail, ZId, ZTimeZone, zDuration } from './primitives.js';

export const ZSeverity = z.enum(['info', 'warning', 'critical']);
const ZOp = z.enum(['>', '>=', '<', '<=']);
/** A metric name from the catalogue that rules of `type` can read; the JSON schema lists them for editors. */
const zMetric = (type: MetricRuleType) =>
  z
    .string()
    .superRefine((name, ctx) => {
      const problem = ruleMetricProblem(type, name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ enum: ruleMetricNames(type) });
const ZLabels = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'label names look like "mount"'), z.string());

/** Name of the built-in alert that fires when a check's restart budget is spent. */
export const RESTART_BUDGET_RULE = 'restart-budget';
/** Name of the built-in alert sent when a report could not be rendered. */
export const REPORT_FAILED_RULE = 'report-failed';
/** Name of the built-in alert sent when a rendered report could not be delivered by its deadline. */
export const REPORT_UNDELIVERED_RULE = 'report-undelivered';
const BUILTIN_RULES = new Set([RESTART_BUDGET_RULE, REPORT_FAILED_RULE, REPORT_UNDELIVERED_RULE]);

const ruleBase = {
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

const ZMetricRule = z.strictObject({
  ...ruleBase,
  type: z.literal('metric'),
  metric: zMetric('metric'),
  labels: ZLabels.optional(),
  op: ZOp.default('>'),
  threshold: z.number(),
  /** Hysteresis: once firing, the alert resolves only past this level (default: the threshold). */
  resolve: z.number().optional(),
  /** A sample older than this is no data. */
  staleAfter: zDuration({ min: '1s', max: LIMITS.timer }).prefault('2m'),
});

const ZCheckRule = z.strictObject({
  ...ruleBase,
  type: z.literal('check'),
  /** Check name; every check of the host when absent. */
  check: ZId.optional(),
  /** Lowest status that counts as bad. */
  status: z.enum(['warn', 'fail']).default('fail'),
  /**
   * With a window the value is the percent of time bad in the trailing window (flap-proof with
   * `resolve`); without one it is the current status (1 bad, 0 good).
   */
  window: zDuration({ min: '1s', max: '90d' }).optional(),
  op: z.enum(['>', '>=']).default('>='),
  threshold: z.number().min(0).max(100).optional(),
  resolve: z.number().min(0).max(100).optional(),
});

const ZForecastRule = z.strictObject({
  ...ruleBase,
  type: z.literal('forecast'),
  metric: zMetric('forecast'),
  labels: ZLabels.optional(),
  op: ZOp.default('>='),
  threshold: z.number(),
  /** Fires when the forecast crosses the threshold within this horizon. */
  within: zDuration({ min: '1m', max: LIMITS.year }),
  /** Once firing, resolves only when no crossing is forecast within this (default: within). */
  resolveWithin: zDuration({ min: '1m', max: LIMITS.year }).optional(),
  lookback: zDuration({ min: '1h', max: LIMITS.year }).prefault('7d'),
  step: zDuration({ min: '1m', max: '1d' }).prefault('1h'),
  /** Forecasts are costly: re-fit at most this often, keeping the last answer between fits. */
  every: zDuration({ min: '1m', max: '1d' }).prefault('15m'),
});

export const ZRule = z
  .discriminatedUnion('type', [ZMetricRule, ZCheckRule, ZForecastRule], {
    error: (iss) => `unknown rule type ${JSON.stringify((iss.input as { type?: unknown } | undefined)?.type ?? null)} (use metric, check or forecast)`,
  })
  .superRefine((r, ctx) => {
    if (r.type === 'check') {
      if (r.window === undefined && (r.threshold !== undefined || r.resolve !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['window'], message: 'threshold and resolve of a check rule are percents of a window: set window too' });
      }
      if (r.window !== undefined && r.threshold === undefined)
        ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a check rule with a window needs threshold (percent of time bad)' });
    }
    if (r.type === 'forecast' && r.resolveWithin !== undefined && r.resolveWithin < r.within) {
      ctx.addIssue({ code: 'custom', path: ['resolveWithin'], message: `resolveWithin ${r.resolveWithin} ms is shorter than within ${r.within} ms` });
    }
    if ((r.type === 'metric' || r.type === 'check') && r.resolve !== undefined && r.threshold !== undefined) {
      const up = r.op === '>' || r.op === '>=';
      if (up ? r.resolve > r.threshold : r.resolve < r.threshold) {
        ctx.addIssue({
          code: 'custom',
          path: ['resolve'],
          message: `resolve ${r.resolve} is on the firing side of threshold ${r.threshold} (op "${r.op}" needs resolve ${up ? '≤' : '≥'} threshold)`,
        });
      }
    }
  });

const channelBase = {
  minSeverity: ZSeverity.default('info'),
  /** Attempts after the first; each channel retries on its own. */
  retries: z.number().int().min(0).max(20).default(5),
  backoff: zDuration({ min: '100ms', max: '1h' }).prefault('5s'),
  timeout: zDuration({ min: '100ms', max: '5m' }).prefault('10s'),
};

const ZSecret = z.string().min(1);

export const ZChannel = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ ...channelBase, type: z.literal('email'), to: z.array(ZEmail).min(1), cc: z.array(ZEmail).default([]) }),
    z.strictObject({ ...channelBase, type: z.literal('webhook'), url: ZHttpUrl, headers: z.record(z.string(), z.string()).default({}) }),
    z.strictObject({ ...channelBase, type: z.literal('slack'), url: ZHttpUrl }),
    z.strictObject({ ...channelBase, type: z.literal('feishu'), url: ZHttpUrl, secret: ZSecret.optional() }),
    z.strictObject({ ...channelBase, type: z.literal('dingtalk'), url: ZHttpUrl, secret: ZSecret.optional() }),
    z.strictObject({
      ...channelBase,
      type: z.literal('wecom'),
      url: ZHttpUrl.refine((u) => /[?&]key=[^&]+/.test(u), { error: (iss) => `WeCom url "${String(iss.input)}" has no key= parameter` }),
    }),
  ],
  {
    error: (iss) =>
      `unknown channel type ${JSON.stringify((iss.input as { type?: unknown } | undefined)?.type ?? null)} (use email, webhook, slack, feishu, dingtalk or wecom)`,
  },
);

const ZDateTime = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms) || !/\d{4}-\d{2}-\d{2}T/.test(s)) {
    ctx.addIssue({ code: 'custom', message: `invalid date-time "${s}" (use ISO 8601 with a zone, e.g. 2025-06-01T02:00:00Z)` });
    return z.NEVER;
  }
  return ms;
});

/** Planned work: no notifications, and the time is left out of availability. */
export const ZMaintenance = z
  .strictObject({
    name: ZId,
    hosts: z.array(ZId).min(1).optional(),
    checks: z.array(ZId).min(1).optional(),
    rules: z.array(ZId).min(1).optional(),
    from: ZDateTime.optional(),
    to: ZDateTime.optional(),
    /** Recurring: starts on this cron (in `timezone`) and lasts `duration`. */
    schedule: ZCron.optional(),
    duration: zDuration({ min: '1m', max: '31d' }).optional(),
    timezone: ZTimeZone.default('UTC'),
    comment: z.string().max(500).optional(),
  })
  .superRefine((m, ctx) => {
    const once = m.from !== undefined || m.to !== undefined;
    const recurring = m.schedule !== undefined || m.duration !== undefined;
    if (once === recurring) ctx.addIssue({ code: 'custom', message: 'a maintenance window needs either from + to, or schedule + duration' });
    if (once && (m.from === undefined || m.to === undefined || m.to <= m.from))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a one-off window needs from and a later to' });
    if (recurring && (m.schedule === undefined || !m.duration))
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'a recurring window needs schedule and a non-zero duration' });
  });

export const ZAlertsConfig = z
  .strictObject({
    evaluateEvery: zDuration({ min: '100ms', max: '1h' }).prefault('15s'),
    /** While an alert keeps firing, its host's message is repeated this often. */
    repeatInterval: zDuration({ min: '1m', max: '30d' }).prefault('4h'),
    /** Changes of one host within this wait go out as one message. */
    groupWait: zDuration({ min: 0, max: '1h' }).prefault('10s'),
    rules: z.array(ZRule).default([]),
    channels: z.record(ZId, ZChannel).default({}),
    maintenance: z.array(ZMaintenance).default([]),
    restartBudget: z.strictObject({ severity: ZSeverity.default('critical'), channels: z.array(ZId).min(1).optional() }).prefault({}),
    reportFailures: z.strictObject({ severity: ZSeverity.default('critical'), channels: z.array(ZId).min(1).optional() }).prefault({}),
    /**
     * A report still not delivered at deliver.deadline. Channels default to every channel that is
     * not email (the mail relay is what failed), or every channel if all are email.
     */
    reportUndelivered: z.strictObject({ severity: ZSeverity.default('critical'), channels: z.array(ZId).min(1).optional() }).prefault({}),
  })
  .superRefine((a, ctx) => {
    const names = new Set<string>();
    a.rules.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name "${r.name}"` });
      names.add(r.name);
      r.channels?.forEach((c, j) => {
        if (!(c in a.channels)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: `unknown channel "${c}"` });
      });
    });
    for (const key of ['restartBudget', 'reportFailures', 'reportUndelivered'] as const) {
      a[key].channels?.forEach((c, j) => {
        if (!(c in a.channels)) ctx.addIssue({ code: 'custom', path: [key, 'channels', j], message: `unknown channel "${c}"` });
      });
    }
  });

export type AlertsConfig = z.output<typeof ZAlertsConfig>;
export type RuleConfig = z.output<typeof ZRule>;
export type ChannelConfig = z.output<typeof ZChannel>;
export type MaintenanceConfig = z.output<typeof ZMaintenance>;
