import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';

/** "10s", "5m", "2d" or a number of ms, parsed to ms. */
export const ZDuration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `invalid duration "${value}" (use e.g. 10s, 5m, 2h, 35d)` });
    return z.NEVER;
  }
  return ms;
});

/** A duration with a documented range, e.g. ZDurationIn('2s', '10m'); the error names both ends. */
export function ZDurationIn(min: string, max: string) {
  const lo = parseDuration(min) ?? 0;
  const hi = parseDuration(max) ?? Number.MAX_SAFE_INTEGER;
  return ZDuration.refine((ms) => ms >= lo && ms <= hi, { error: (iss) => `must be from ${min} to ${max}, got ${String(iss.input)} ms` });
}

/** "100MB", "10 MiB", "512k" or a number of bytes. */
export const ZBytes = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(String(value));
  if (!m || m[1] === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid size "${value}" (use e.g. 100MB, 512KiB)` });
    return z.NEVER;
  }
  const unit = (m[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const mult = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1;
  return Math.round(Number(m[1]) * mult);
});

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
