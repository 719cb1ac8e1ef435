import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { formatDuration, parseDuration } from '../shared/duration.js';

/**
 * Node's timers hold a signed 32-bit count of milliseconds: a longer delay fires after 1 ms. Every
 * duration that ends up in setTimeout (directly or through BullMQ and ioredis) stays at or below it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const DAY_MS = 86_400_000;

/** Named bounds, so the schema reads as a table of sane ranges. */
export const LIMITS = { timer: MAX_TIMER_MS, year: 365 * DAY_MS, decade: 3650 * DAY_MS } as const;

type Bound = string | number;

function boundMs(b: Bound): number {
  const ms = parseDuration(b);
  if (ms === null) throw new Error(`bad duration bound ${String(b)}`);
  return ms;
}

/**
 * "10s", "5m", "2d" or a number of ms, parsed to ms and held to [min, max]. There is no unbounded
 * duration on purpose: 0 or 25d in a timer broke runs that `config check` had passed.
 */
export function zDuration(range: { min: Bound; max: Bound }) {
  const min = boundMs(range.min);
  const max = boundMs(range.max);
  const span = `${formatBound(min)} to ${formatBound(max)}`;
  return z
    .union([z.string(), z.number()], { error: 'invalid duration (use e.g. 10s, 5m, 2h, 35d)' })
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(value)} (use e.g. 10s, 5m, 2h, 35d)` });
        return z.NEVER;
      }
      if (ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `duration ${JSON.stringify(value)} is out of range (${span})` });
        return z.NEVER;
      }
      return ms;
    })
    .meta({ description: `A duration such as 10s, 5m, 2h, 35d or a number of ms; from ${span}.` });
}

/** "100MB", "10 MiB", "512k" or a number of bytes, held to [min, max]. */
export function zBytes(range: { min: Bound; max: Bound }) {
  const min = bytesBound(range.min);
  const max = bytesBound(range.max);
  const span = `${formatBytes(min)} to ${formatBytes(max)}`;
  return z
    .union([z.string(), z.number()], { error: 'invalid size (use e.g. 100MB, 512KiB)' })
    .transform((value, ctx) => {
      const bytes = parseBytes(value);
      if (bytes === null) {
        ctx.addIssue({ code: 'custom', message: `invalid size ${JSON.stringify(value)} (use e.g. 100MB, 512KiB)` });
        return z.NEVER;
      }
      if (bytes < min || bytes > max) {
        ctx.addIssue({ code: 'custom', message: `size ${JSON.stringify(value)} is out of range (${span})` });
        return z.NEVER;
      }
      return bytes;
    })
    .meta({ description: `A size such as 512KB, 100MB or a number of bytes; from ${span}.` });
}

export function parseBytes(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(value);
  if (!m || m[1] === undefined) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const mult = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1;
  const bytes = Math.round(Number(m[1]) * mult);
  return Number.isFinite(bytes) ? bytes : null;
}

function bytesBound(b: Bound): number {
  const n = parseBytes(b);
  if (n === null) throw new Error(`bad size bound ${String(b)}`);
  return n;
}

function formatBound(ms: number): string {
  if (ms === 0) return '0';
  if (ms === MAX_TIMER_MS) return '2147483647 ms (about 24.8d, the longest timer)';
  return formatDuration(ms).replace(' ', '');
}

function formatBytes(n: number): string {
  for (const [unit, size] of [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const)
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  return `${n} bytes`;
}

export const ZTimeZone = z.string().superRefine((tz, ctx) => {
  if (!isTimeZone(tz)) ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${tz}" (e.g. Europe/Berlin, Asia/Shanghai, UTC)` });
});

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Five-field cron (minute hour day month weekday), as BullMQ's job schedulers take it. */
export const ZCron = z.string().superRefine((expr, ctx) => {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}" (need 5 fields: minute hour day month weekday)` });
    return;
  }
  try {
    CronExpressionParser.parse(expr);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expr}" (${(err as Error).message})` });
  }
});

/** Ids that end up in Redis keys, queue names and file names: keep them boring. */
export const ZId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-" (max 64)');

export const ZEmail = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'not an email address');

/** "@example.com": every address at that domain (not its subdomains). */
export const ZMailDomain = z
  .string()
  .regex(/^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'not an email address or "@domain"');
