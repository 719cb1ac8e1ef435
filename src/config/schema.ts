import { z } from 'zod';
import { ZAlertsConfig } from './alerts-schema.js';
import { ZChecksConfig } from './checks-schema.js';
import { ZBytes, ZCron, ZDuration, ZDurationIn, ZEmail, ZId, ZTimeZone } from './primitives.js';

const ZRecipients = z.strictObject({
  to: z.array(ZEmail).default([]),
  cc: z.array(ZEmail).default([]),
  bcc: z.array(ZEmail).default([]),
});

export const ZReportConfig = z.strictObject({
  /** Shown in the subject and on the cover; defaults to the report's name. */
  title: z.string().min(1).max(200).optional(),
  /** `host` gives one section per host; `fleet` adds a summary page and a table of contents. */
  template: z.enum(['host', 'fleet']).default('host'),
  /** Host ids, or "all" for every host that has data. */
  hosts: z.union([z.literal('all'), z.array(ZId).min(1)]).default('all'),
  /** Five-field cron; absent means the report runs only when triggered. */
  schedule: ZCron.optional(),
  timezone: ZTimeZone.default('UTC'),
  period: z.enum(['day', 'week', 'month']).default('day'),
  /** Skip runs that fall on a Saturday or Sunday in the report's time zone. */
  workdaysOnly: z.boolean().default(false),
  /** Run on the last day of each month: replaces the cron's day-of-month field with "L". */
  lastDayOfMonth: z.boolean().default(false),
  /** After downtime, run the schedule's missed fire times from this far back (0 turns it off). */
  catchUp: ZDuration.prefault('3d'),
  recipients: ZRecipients.prefault({}),
  formats: z.array(z.enum(['pdf', 'html'])).min(1).default(['pdf', 'html']),
  locale: z.enum(['en', 'zh-CN']).default('en'),
  /** How long this report's archived files are kept; overrides archive.retention. */
  retention: ZDuration.optional(),
});

export const ZConfig = z.strictObject({
  host: z
    .strictObject({
      /** This agent's host id; defaults to the machine's hostname. */
      id: ZId.optional(),
      tags: z.array(ZId).default([]),
    })
    .prefault({}),
  redis: z
    .strictObject({
      url: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
      /** Every key and queue lives under this prefix; tests use their own. */
      prefix: ZId.default('checkup'),
      /** Start a private redis-server in the data dir when nothing answers at `url`. */
      embedded: z.boolean().default(true),
    })
    .prefault({}),
  dataDir: z.string().min(1).default('./data'),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      pretty: z.boolean().default(false),
    })
    .prefault({}),
  agent: z
    .strictObject({
      interval: ZDuration.prefault(10_000),
      /** Processes and other costly probes run on this longer interval. */
      slowInterval: ZDuration.prefault(60_000),
      /** While Redis is unreachable snapshots go to <data>/spool, bounded to this size (oldest dropped). */
      spoolMaxBytes: ZBytes.prefault('100MB'),
    })
    .prefault({}),
  retention: z
    .strictObject({ raw: ZDuration.prefault('2d'), minute: ZDuration.prefault('35d'), hour: ZDuration.prefault('400d') })
    .prefault({}),
  mail: z
    .strictObject({
      from: z.string().min(3).default('Checkup <checkup@localhost>'),
      /** smtp:// or smtps:// with optional user:pass@; absent means write .eml files to <data>/outbox. */
      smtpUrl: z.url({ protocol: /^smtps?$/ }).optional(),
      /** Encoded size above which the PDF is not attached; a link to the archive is sent instead. */
      maxMessageBytes: ZBytes.prefault(10 * 1024 * 1024),
    })
    .prefault({}),
  deliver: z
    .strictObject({
      /** Wait after the first failed send; it doubles with each attempt. 1s–1h. */
      backoff: ZDurationIn('1s', '1h').prefault('10s'),
      /** Longest wait between two attempts, so a relay back from an outage is tried soon. 1s–6h. */
      maxBackoff: ZDurationIn('1s', '6h').prefault('15m'),
      /**
       * Keep trying this long after the report was archived (mail relays are down for hours);
       * then the report is failed and the built-in report-undelivered alert goes out. 10s–30d.
       */
      deadline: ZDurationIn('10s', '30d').prefault('24h'),
    })
    .superRefine((d, ctx) => {
      if (d.maxBackoff < d.backoff) ctx.addIssue({ code: 'custom', path: ['maxBackoff'], message: `maxBackoff ${d.maxBackoff} ms is shorter than backoff ${d.backoff} ms` });
    })
    .prefault({}),
  render: z
    .strictObject({
      paper: z.enum(['A4', 'Letter']).default('A4'),
      timeout: ZDuration.prefault('60s'),
      protocolTimeout: ZDuration.prefault('30s'),
      /**
       * A render lease lives this long unless its worker renews it (every third of it). A worker
       * that died is recognised at once by its BullMQ job lock or, on this host, its pid; at the
       * latest after this. 2s–10m.
       */
      leaseTtl: ZDurationIn('2s', '10m').prefault('15s'),
      /** Restart Chromium after this many renders: long-lived browsers grow. */
      restartAfter: z.number().int().min(1).default(50),
      /** Tagged (accessible) PDF. Off by default: it made a 100-host fleet PDF ~35% slower and 2.6× larger. */
      accessiblePdf: z.boolean().default(false),
      /** Worker threads that fit a report's forecasts; 0 fits in-process. Absent: one per core, at most 4. */
      forecastThreads: z.number().int().min(0).max(64).optional(),
      executablePath: z.string().optional(),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      /** How long a worker holds a job before another may take it over (renewed while alive). */
      lockDuration: ZDuration.prefault('60s'),
      /** How often workers look for jobs whose worker died, to run them again. */
      stalledInterval: ZDuration.prefault('30s'),
    })
    .prefault({}),
  templates: z.strictObject({ dir: z.string().optional() }).prefault({}),
  archive: z
    .strictObject({
      dir: z.string().optional(),
      /** Default age after which archived files are pruned (the manifest line and hash stay); none keeps forever. */
      retention: ZDuration.optional(),
    })
    .prefault({}),
  reports: z.record(ZId, ZReportConfig).default({
    daily: ZReportConfig.parse({ schedule: '0 7 * * *', period: 'day', recipients: { to: ['ops@localhost'] } }),
  }),
  checks: ZChecksConfig,
  alerts: ZAlertsConfig.prefault({}),
  web: z
    .strictObject({
      bind: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      token: z.string().min(16).optional(),
    })
    .prefault({}),
});

export type ConfigInput = z.input<typeof ZConfig>;
export type Config = z.output<typeof ZConfig>;
export type ReportConfig = z.output<typeof ZReportConfig>;
