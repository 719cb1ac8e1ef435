/**
 * Header times: ISO-8601 (RFC 3339, rsyslog's high-precision format, journalctl's short-iso) and
 * the BSD syslog `Mmm dd hh:mm:ss` that has no year and no zone. Anchored regexes with no nested
 * quantifiers: they run in time linear in the line, whatever an attacker writes to it.
 */
import type { TimeOptions } from './header-fields.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `2023-12-07T15:44:19.123456+01:00`, `2023-12-07 15:44:19,123`, `…Z`, `…+0100`; the date alone is not a time. */
export const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?/;

/** `Dec  7 15:44:19`, `Dec 07 15:44:19`, with optional fractional seconds. */
export const BSD_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;

const DAY_MS = 86_400_000;

function fraction(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(digits.slice(0, 3).padEnd(3, '0'));
}

/** Epoch ms of the wall time, or null when it is not a real date (Feb 30, 25:00). */
function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, utc: boolean): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const sec = Math.min(s, 59); // a leap second is read as :59
  const date = utc ? new Date(Date.UTC(y, mo, d, h, mi, sec, ms)) : new Date(y, mo, d, h, mi, sec, ms);
  const day = utc ? date.getUTCDate() : date.getDate();
  return day === d ? date.getTime() : null;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

export type TimeMatch = { time: number | null; length: number };

/** The ISO time at the start of `s`, and how many characters it took; undefined when there is none. */
export function readIsoTime(s: string, opts: TimeOptions = {}): TimeMatch | undefined {
  const m = ISO_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const ms = fraction(frac);
  if (zone) {
    const utc = wallTime(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms, true);
    return { time: utc === null ? null : utc - offsetMinutes(zone) * 60_000, length: m[0].length };
  }
  const time = wallTime(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms, opts.timeZone === 'UTC');
  return { time, length: m[0].length };
}

/**
 * The BSD syslog time at the start of `s`. It has no year: the year is the reference time's, or the
 * year before when that would put the line more than 31 days in the future (December lines read in
 * January). A file older than a year cannot be told apart; its times come out a year late.
 */
export function readBsdTime(s: string, opts: TimeOptions = {}): TimeMatch | undefined {
  // Consecutive lines mostly share their second: the last answer is reused for the same text.
  const now = opts.referenceTime ?? Date.now();
  const c = lastMinute;
  if (
    c &&
    c.opts === opts &&
    Math.abs(c.ref - now) < HOUR_MS &&
    s.startsWith(c.minute) &&
    s.charCodeAt(12) === 58 &&
    (s.length === 15 || s.charCodeAt(15) === 32)
  ) {
    const s1 = s.charCodeAt(13) - 48;
    const s2 = s.charCodeAt(14) - 48;
    if (s1 >= 0 && s1 <= 5 && s2 >= 0 && s2 <= 9) return { time: c.base + (s1 * 10 + s2) * 1000, length: 15 };
  }
  const m = BSD_TIME.exec(s);
  if (!m) return undefined;
  const mo = MONTHS[m[1]!];
  if (mo === undefined) return undefined;
  const ref = now;
  const utc = opts.timeZone === 'UTC';
  const refYear = utc ? new Date(ref).getUTCFullYear() : new Date(ref).getFullYear();
  const args = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fraction(m[6])] as const;
  let time = wallTime(refYear, mo, ...args, utc);
  if (time === null || time > ref + 31 * DAY_MS) time = wallTime(refYear - 1, mo, ...args, utc);
  if (time !== null && Number(m[5]) < 60) lastMinute = { minute: m[0].slice(0, 12), opts, ref, base: time - Number(m[5]) * 1000 - fraction(m[6]) };
  return { time, length: m[0].length };
}

/**
 * The minute of the last BSD time read (`Dec  7 15:44`) and its epoch ms, reused for lines of the
 * same minute while the reference time is within the hour (the year it infers cannot change
 * faster): building a Date per line was a tenth of the parse time.
 */
let lastMinute: { minute: string; opts: TimeOptions; ref: number; base: number } | null = null;
const HOUR_MS = 3_600_000;
