import { z } from 'zod';
import { parseJsonPath } from '../checks/probes/json-path.js';
import { ZId, zBytes, zDuration } from './primitives.js';

/** A regular expression, used case-insensitively; a bad one is a config error that quotes it. */
export const ZRegex = z
  .string()
  .min(1)
  .superRefine((src, ctx) => {
    try {
      new RegExp(src, 'i');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression "${src}" (${(err as Error).message})` });
    }
  });

/** An http:// or https:// URL. Missing and malformed URLs get messages that say which. */
export const ZHttpUrl = z
  .string({ error: (iss) => (iss.input === undefined ? 'missing url (need http:// or https://)' : 'url must be text') })
  .superRefine((s, ctx) => {
    let url: URL | null = null;
    try {
      url = new URL(s);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      ctx.addIssue({ code: 'custom', message: `invalid URL "${s}" (need http:// or https://)` });
  });

/** A systemd unit name. A leading "-" is refused so a name can never read as a systemctl option. */
export const ZUnit = z.string().regex(/^[A-Za-z0-9@_.:\\][A-Za-z0-9@_.:\\-]{0,255}$/, 'not a systemd unit name (e.g. nginx.service)');

/** An argument list (run directly), or one string that only runs through a shell when `shell: true`. */
const ZCommand = z.union([z.array(z.string().min(1)).min(1), z.string().min(1)], {
  error: 'a command is a non-empty argument list, e.g. [/usr/bin/systemctl, restart, nginx]',
});

const ZPercent = z.number().min(0).max(100);

function requireShellForString(v: { command?: unknown; shell: boolean }, ctx: z.RefinementCtx): void {
  if (typeof v.command === 'string' && !v.shell) {
    ctx.addIssue({
      code: 'custom',
      path: ['command'],
      message: `command "${v.command}" is one string: give an argument list, or set shell: true to run it through /bin/sh`,
    });
  }
}

export const ZRestart = z
  .strictObject({
    /** `systemctl restart <unit>`. */
    unit: ZUnit.optional(),
    command: ZCommand.optional(),
    shell: z.boolean().default(false),
    timeout: zDuration({ min: '100ms', max: '1h' }).prefault('60s'),
    /** After a restart the check's failures do not count for this long: slow starters get time. */
    grace: zDuration({ min: 0, max: '1d' }).prefault('60s'),
    budget: z.strictObject({ max: z.number().int().min(1).max(100).default(3), window: zDuration({ min: '1s', max: '7d' }).prefault('30m') }).prefault({}),
    /** Wait before the next restart after one that did not recover; doubles each time, up to max. */
    backoff: z
      .strictObject({ initial: zDuration({ min: '100ms', max: '1d' }).prefault('30s'), max: zDuration({ min: '100ms', max: '7d' }).prefault('10m') })
      .refine((b) => b.max >= b.initial, { path: ['max'], error: 'backoff max is shorter than initial' })
      .prefault({}),
  })
  .superRefine((v, ctx) => {
    if ((v.unit === undefined) === (v.command === undefined)) ctx.addIssue({ code: 'custom', message: 'restart needs exactly one of unit or command' });
    requireShellForString(v, ctx);
  });

const base = {
  name: ZId,
  /** Host ids this check runs on; with `tags`, a host matching either runs it; neither means every host. */
  hosts: z.array(ZId).min(1).optional(),
  tags: z.array(ZId).min(1).optional(),
  interval: zDuration({ min: '100ms', max: '1d' }).prefault('30s'),
  timeout: zDuration({ min: '100ms', max: '10m' }).prefault('10s'),
  /** Re-probes before a failure counts: the status becomes fail after retries + 1 consecutive failures. */
  retries: z.number().int().min(0).max(20).default(0),
  restart: ZRestart.optional(),
};

const ZProcess = z
  .strictObject({
    ...base,
    kind: z.literal('process'),
    /** Exact process name (comm or argv[0] basename), case-insensitive. */
    match: z.string().min(1).optional(),
    regex: ZRegex.optional(),
    /** Match `regex` against the whole command line instead of the name. */
    fullCommand: z.boolean().default(false),
    user: z.string().min(1).optional(),
    /** One process by its pid; with match or regex, that pid must also be that command. */
    pid: z.number().int().min(1).max(4_194_304).optional(),
    /** One process by the pid in this file; a stale file or a reused pid fails with the reason. */
    pidfile: z.string().startsWith('/', 'pidfile must be an absolute path').optional(),
    /** How many processes must match (match or regex only); default at least 1. */
    min: z.number().int().min(0).max(100_000).optional(),
    max: z.number().int().min(0).max(100_000).optional(),
  })
  .superRefine((v, ctx) => {
    const byPid = v.pid !== undefined || v.pidfile !== undefined;
    if (v.pid !== undefined && v.pidfile !== undefined) ctx.addIssue({ code: 'custom', message: 'a process check takes pid or pidfile, not both' });
    if (v.match !== undefined && v.regex !== undefined) ctx.addIssue({ code: 'custom', message: 'a process check takes match or regex, not both' });
    if (!byPid && v.match === undefined && v.regex === undefined)
      ctx.addIssue({ code: 'custom', message: 'a process check needs one of match, regex, pid or pidfile' });
    if (byPid && (v.min !== undefined || v.max !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.min !== undefined ? 'min' : 'max'],
        message: 'min and max count matching processes; a pid or pidfile check is about one process',
      });
    }
    if (v.max !== undefined && v.max < (v.min ?? 1)) ctx.addIssue({ code: 'custom', path: ['max'], message: `max ${v.max} is below min ${v.min ?? 1}` });
  });

const ZStatusPattern = z.union([z.number().int().min(100).max(599), z.string().regex(/^[1-5]xx$/, 'use a status code (100-599) or a class like "2xx"')], {
  error: 'use a status code (100-599) or a class like "2xx"',
});

const ZJsonPath = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    if (!parseJsonPath(p)) ctx.addIssue({ code: 'custom', message: `invalid JSON path "${p}" (use e.g. $.status or $.items[0].name)` });
  });

const ZHttp = z.strictObject({
  ...base,
  kind: z.literal('http'),
  url: ZHttpUrl,
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  expectStatus: z.array(ZStatusPattern).min(1).default(['2xx']),
  keyword: z.string().min(1).optional(),
  bodyRegex: ZRegex.optional(),
  json: z
    .strictObject({
      path: ZJsonPath,
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()], { error: 'equals takes a string, number, boolean or null' }).optional(),
    })
    .optional(),
  warnLatency: zDuration({ min: '1ms', max: '10m' }).optional(),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  /** Reading stops here and the check fails: a huge body must not fill the agent's memory. */
  maxBodyBytes: zBytes({ min: '1KB', max: '1GB' }).prefault('1MB'),
  tls: z
    .strictObject({
      warnDays: z.number().int().min(0).max(3650).default(14),
      failDays: z.number().int().min(0).max(3650).default(0),
      /** Extra CA certificate (PEM file) to trust, e.g. an internal CA. */
      caFile: z.string().min(1).optional(),
      /** Skip verification; expiry is still read and reported. */
      insecure: z.boolean().default(false),
    })
    .prefault({}),
});

const ZTcp = z.strictObject({ ...base, kind: z.literal('tcp'), host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535) });

const ZSystemd = z.strictObject({ ...base, kind: z.literal('systemd'), unit: ZUnit });

const ZResource = z
  .strictObject({
    ...base,
    kind: z.literal('resource'),
    metric: z.enum(['cpu', 'memory', 'disk', 'inodes']),
    /** For disk and inodes; absent means the fullest mount. */
    mount: z.string().startsWith('/').optional(),
    warn: ZPercent.optional(),
    fail: ZPercent.optional(),
    /** An older snapshot means the agent is not collecting: the check fails rather than trust it. */
    maxAge: zDuration({ min: '1s', max: '1d' }).prefault('2m'),
  })
  .superRefine((v, ctx) => {
    if (v.warn === undefined && v.fail === undefined) ctx.addIssue({ code: 'custom', message: 'a resource check needs warn or fail (percent)' });
    if (v.warn !== undefined && v.fail !== undefined && v.warn > v.fail)
      ctx.addIssue({ code: 'custom', path: ['warn'], message: `warn ${v.warn} is above fail ${v.fail}` });
  });

const ZCommandCheck = z
  .strictObject({
    ...base,
    kind: z.literal('command'),
    command: ZCommand,
    shell: z.boolean().default(false),
    okCodes: z.array(z.number().int().min(0).max(255)).min(1).default([0]),
    warnCodes: z.array(z.number().int().min(0).max(255)).default([]),
    maxOutputBytes: zBytes({ min: '1KB', max: '64MB' }).prefault('16KB'),
  })
  .superRefine(requireShellForString);

const KINDS = ['process', 'http', 'tcp', 'systemd', 'resource', 'command'];

export const ZCheck = z.discriminatedUnion('kind', [ZProcess, ZHttp, ZTcp, ZSystemd, ZResource, ZCommandCheck], {
  error: (iss) => {
    const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
    return `unknown check kind ${JSON.stringify(kind ?? null)} (use ${KINDS.join(', ')})`;
  },
});

/** The `checks:` section: a list, names unique because state and alerts are keyed by them. */
export const ZChecksConfig = z
  .array(ZCheck)
  .default([])
  .superRefine((checks, ctx) => {
    const seen = new Set<string>();
    checks.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate check name "${c.name}"` });
      seen.add(c.name);
    });
  });

export type CheckConfig = z.output<typeof ZCheck>;
export type ChecksConfig = z.output<typeof ZChecksConfig>;
export type RestartConfig = z.output<typeof ZRestart>;
export type CheckOf<K extends CheckConfig['kind']> = Extract<CheckConfig, { kind: K }>;
