import { z } from 'zod';
import { ruleMetricNames, ruleMetricProblem, type MetricRuleType } from '../metrics/index.js';
import { ZHttpUrl } from './checks-schema.js';
import { LIMITS, ZCron, ZEmail, ZId, ZTimeZone, zDuration } from './primitives.js';
import { ZLogRule, ZNewTemplateRule, logRuleIssues } from './log-rules-schema.js';
import { ruleBase, ZSeverity } from './rule-base.js';

export { ZSeverity, RESTART_BUDGET_RULE, REPORT_FAILED_RULE, REPORT_UNDELIVERED_RULE } from './rule-base.js';

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

/** Failed logins from one source within a window (fail2ban's findtime): one alert per source. */
const ZBruteForceRule = z.strictObject({
  ...ruleBase,
  type: z.literal('brute-force'),
  /** Failed logins from one source within `within` that fire. */
  threshold: z.number().int().min(1).max(1_000_000).default(10),
  /** The window; the agent keeps per-minute counts for an hour, so at most 1h. */
  within: zDuration({ min: '1m', max: '1h' }).prefault('10m'),
  /** Sources never alerted on (your bastion, a scanner you run), as logged: addresses or host names. */
  ignoreSources: z.array(z.string().min(1).max(255)).max(1000).default([]),
});

/** Events that fire once each and resolve when they leave the window. */
const eventRule = {
  ...ruleBase,
  /** How long an event keeps its alert firing; it resolves once the event is older. */
  within: zDuration({ min: '1m', max: '7d' }).prefault('1h'),
};

const ZNewLoginSourceRule = z.strictObject({
  ...eventRule,
  type: z.literal('new-login-source'),
  /** Only these users' logins; every user when absent. */
  users: z.array(z.string().min(1).max(255)).min(1).max(1000).optional(),
});

const ZNewExposedPortRule = z.strictObject({ ...eventRule, type: z.literal('new-exposed-port') });

const ZFileChangedRule = z.strictObject({
  ...eventRule,
  type: z.literal('file-changed'),
  /** Only these watched paths; every watched file when absent. */
  paths: z
    .array(
      z
        .string()
        .max(4096)
        .regex(/^\/[^\0]*$/, 'an absolute path (starting with /)'),
    )
    .min(1)
    .max(1000)
    .optional(),
});

export const SECURITY_RULE_TYPES = ['brute-force', 'new-login-source', 'new-exposed-port', 'file-changed'] as const;

export const ZRule = z
  .discriminatedUnion(
    'type',
    [ZMetricRule, ZCheckRule, ZForecastRule, ZLogRule, ZNewTemplateRule, ZBruteForceRule, ZNewLoginSourceRule, ZNewExposedPortRule, ZFileChangedRule],
    {
      error: (iss) =>
        `unknown rule type ${JSON.stringify((iss.input as { type?: unknown } | undefined)?.type ?? null)} (use metric, check, forecast, log, new-template, brute-force, new-login-source, new-exposed-port or file-changed)`,
    },
  )
  .superRefine((r, ctx) => {
    if (r.type === 'log' || r.type === 'new-template') {
      for (const issue of logRuleIssues(r)) ctx.addIssue({ code: 'custom', ...issue });
      return;
    }
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
