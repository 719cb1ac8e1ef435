import { z } from 'zod';
import { ZAlertsConfig } from './alerts-schema.js';
import { ZChecksConfig } from './checks-schema.js';
import { ZSecurityConfig } from './security-schema.js';
import { DEFAULT_FILE_SOURCES } from '../logs/sources/plan-sources.js';
import { ZLogsConfig } from './logs-schema.js';
import { ZRedisConfig } from './redis-schema.js';
import { ZArchiveConfig } from './archive-schema.js';
import { isTimeZone, LIMITS, ZCron, ZEmail, ZId, ZMailDomain, ZTimeZone, zBytes, zDuration } from './primitives.js';

const ZRecipients = z.strictObject({
  to: z.array(ZEmail).default([]),
  cc: z.array(ZEmail).default([]),
  bcc: z.array(ZEmail).default([]),
});

/** A network interface name as the kernel allows it (IFNAMSIZ: 15 characters). */
const ZIface = z.string().regex(/^[A-Za-z0-9_.:@-]{1,15}$/, 'an interface name: up to 15 letters, digits or _.:@-');

export const ZReportConfig = z.strictObject({
  /** Shown in the subject and on the cover; defaults to the report's name. */
  title: z.string().min(1).max(200).optional(),
  /** `host` gives one section per host; `fleet` adds a summary page and a table of contents. */
  template: z.enum(['host', 'fleet']).default('host'),
  /** Host ids, or "all" for every host that has data. */
  hosts: z.union([z.literal('all'), z.array(ZId).min(1)], { error: 'hosts is "all" or a list of host ids' }).default('all'),
  /** Five-field cron; absent means the report runs only when triggered. */
  schedule: ZCron.optional(),
  timezone: ZTimeZone.default('UTC'),
  period: z.enum(['day', 'week', 'month']).default('day'),
  /** Skip runs that fall on a Saturday or Sunday in the report's time zone. */
  workdaysOnly: z.boolean().default(false),
  /** Run on the last day of each month: replaces the cron's day-of-month field with "L". */
  lastDayOfMonth: z.boolean().default(false),
  /** After downtime, run the schedule's missed fire times from this far back (0 turns it off). */
  catchUp: zDuration({ min: 0, max: '35d' }).prefault('3d'),
  recipients: ZRecipients.prefault({}),
  formats: z
    .array(z.enum(['pdf', 'html']))
    .min(1)
    .default(['pdf', 'html']),
  locale: z.enum(['en', 'zh-CN']).default('en'),
  /** How long this report's archived files are kept; overrides archive.retention. */
  retention: zDuration({ min: '1h', max: LIMITS.decade * 10 }).optional(),
  /** Network interfaces shown even when they carried no traffic; others that carried none are left out (and named). */
  showIdleInterfaces: z.array(ZIface).max(100).default([]),
});

/**
 * The reports a fresh setup mails: daily and weekly, as the mission says. They follow this machine's
 * time zone (resolved when the config is read), since "07:00" means the reader's morning.
 */
function defaultReports(): Record<string, z.output<typeof ZReportConfig>> {
  const resolved = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const timezone = resolved && isTimeZone(resolved) ? resolved : 'UTC';
  const recipients = { to: ['ops@localhost'] };
  return {
    daily: ZReportConfig.parse({ schedule: '0 7 * * *', period: 'day', timezone, recipients }),
    weekly: ZReportConfig.parse({ template: 'fleet', schedule: '0 8 * * 1', period: 'week', timezone, recipients }),
  };
}

export const ZConfig = z
  .strictObject({
    host: z
      .strictObject({
        /** This agent's host id; defaults to the machine's hostname. */
        id: ZId.optional(),
        tags: z.array(ZId).default([]),
      })
      .prefault({}),
    redis: ZRedisConfig.prefault({}),
    dataDir: z.string().min(1).default('./data'),
    log: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        pretty: z.boolean().default(false),
      })
      .prefault({}),
    agent: z
      .strictObject({
        interval: zDuration({ min: '1s', max: '1h' }).prefault(10_000),
        /** Processes and other costly probes run on this longer interval. */
        slowInterval: zDuration({ min: '1s', max: '1d' }).prefault(60_000),
        /** While Redis is unreachable snapshots go to <data>/spool, bounded to this size (oldest dropped). */
        spoolMaxBytes: zBytes({ min: '1MB', max: '100GB' }).prefault('100MB'),
      })
      .prefault({}),
    retention: z
      .strictObject({
        /** Every sample; compaction rolls it up before it goes, so keep at least an hour. */
        raw: zDuration({ min: '1h', max: LIMITS.year }).prefault('2d'),
        minute: zDuration({ min: '1d', max: LIMITS.decade }).prefault('35d'),
        hour: zDuration({ min: '1d', max: LIMITS.decade }).prefault('400d'),
      })
      .superRefine((r, ctx) => {
        // A coarser tier kept shorter than a finer one would lose history the finer one still has.
        if (r.minute < r.raw) ctx.addIssue({ code: 'custom', path: ['minute'], message: `minute retention ${r.minute} ms is shorter than raw ${r.raw} ms` });
        if (r.hour < r.minute) ctx.addIssue({ code: 'custom', path: ['hour'], message: `hour retention ${r.hour} ms is shorter than minute ${r.minute} ms` });
      })
      .prefault({}),
    mail: z
      .strictObject({
        /** An address, or `Name <address>`: anything else passed config check and failed every send. */
        from: z
          .string()
          .max(320)
          .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'use an address or "Name <address>"')
          .default('Checkup <checkup@localhost>'),
        /** smtp:// or smtps:// with optional user:pass@; absent means write .eml files to <data>/outbox. */
        smtpUrl: z.url({ protocol: /^smtps?$/ }).optional(),
        /** Encoded size above which the PDF is not attached; a link to the archive is sent instead. */
        maxMessageBytes: zBytes({ min: '16KB', max: '1GB' }).prefault(10 * 1024 * 1024),
      })
      .prefault({}),
    deliver: z
      .strictObject({
        /** Wait after the first failed send; it doubles with each attempt. 1s–1h. */
        backoff: zDuration({ min: '1s', max: '1h' }).prefault('10s'),
        /** Longest wait between two attempts, so a relay back from an outage is tried soon. 1s–6h. */
        maxBackoff: zDuration({ min: '1s', max: '6h' }).prefault('15m'),
        /**
         * Keep trying this long after the report was archived (mail relays are down for hours);
         * then the report is failed and the built-in report-undelivered alert goes out. 10s–30d.
         */
        deadline: zDuration({ min: '10s', max: '30d' }).prefault('24h'),
      })
      .superRefine((d, ctx) => {
        if (d.maxBackoff < d.backoff)
          ctx.addIssue({ code: 'custom', path: ['maxBackoff'], message: `maxBackoff ${d.maxBackoff} ms is shorter than backoff ${d.backoff} ms` });
      })
      .prefault({}),
    render: z
      .strictObject({
        paper: z.enum(['A4', 'Letter']).default('A4'),
        /** One report's PDF render; a timer, so at most 1h (and never 0). */
        timeout: zDuration({ min: '1s', max: '1h' }).prefault('60s'),
        protocolTimeout: zDuration({ min: '1s', max: '1h' }).prefault('30s'),
        /**
         * A render lease lives this long unless its worker renews it (every third of it). A worker
         * that died is recognised at once by its BullMQ job lock or, on this host, its pid; at the
         * latest after this. 2s–10m.
         */
        leaseTtl: zDuration({ min: '2s', max: '10m' }).prefault('15s'),
        /** Restart Chromium after this many renders: long-lived browsers grow. */
        restartAfter: z.number().int().min(1).max(10_000).default(50),
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
        lockDuration: zDuration({ min: '1s', max: '1h' }).prefault('60s'),
        /** How often workers look for jobs whose worker died, to run them again. */
        stalledInterval: zDuration({ min: '1s', max: '1h' }).prefault('30s'),
      })
      .prefault({}),
    templates: z.strictObject({ dir: z.string().optional() }).prefault({}),
    archive: ZArchiveConfig.prefault({}),
    /** Without a `reports` key: a daily report at 07:00 and a weekly fleet report on Mondays at 08:00, local time. */
    reports: z.record(ZId, ZReportConfig).default(() => defaultReports()),
    checks: ZChecksConfig,
    alerts: ZAlertsConfig.prefault({}),
    /** Security signals: auth logs, listening ports, critical files, login records. */
    security: ZSecurityConfig.prefault({}),
    /** Log sources each agent reads (docs/LOG-SOURCES.md). */
    logs: ZLogsConfig.prefault({}),
    web: z
      .strictObject({
        bind: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        token: z.string().min(16).max(4096).optional(),
        /**
         * Who the console and API may mail an ad-hoc report to: addresses, or "@example.com" for any
         * address at that domain. Absent: only addresses already in the config (report recipients and
         * email alert channels). [] allows none.
         */
        adhocRecipients: z
          .array(z.union([ZEmail, ZMailDomain], { error: 'not an email address or "@domain"' }))
          .max(1000)
          .optional(),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    // A name that is no log source would read nothing: the report would say "no auth sources configured".
    const { sources } = c.security.auth;
    if (sources === 'auto') return;
    const names = ['journal', ...(c.logs.files ?? DEFAULT_FILE_SOURCES).map((f) => f.name)];
    sources.forEach((name, i) => {
      if (!names.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: ['security', 'auth', 'sources', i],
          message: `no log source named "${name}" (the sources are ${names.join(', ')})`,
        });
    });
  });

export type ConfigInput = z.input<typeof ZConfig>;
export type Config = z.output<typeof ZConfig>;
export type ReportConfig = z.output<typeof ZReportConfig>;
