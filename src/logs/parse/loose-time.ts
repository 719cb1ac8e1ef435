/**
 * Times in the shapes application and server logs write them, for the user pattern's `<Date>`/`<Time>`
 * fields and the Apache and nginx error logs: ISO-8601 (with `/` too), BSD syslog, Apache's
 * `Thu Dec 07 15:44:19.123456 2023`, the common log format's `07/Dec/2023:15:44:19 +0100`, and
 * epoch seconds or milliseconds. Anything else gives null: the entry has no time rather than a wrong one.
 */
import type { TimeOptions } from './header-fields.js';
import { readBsdTime, readIsoTime } from './timestamps.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const monthIndex = (m: string): number => {
  const i = MONTHS.indexOf(m);
  return i >= 0 && i % 3 === 0 ? i / 3 : -1;
};

const APACHE = /^(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? (\d{4})$/;
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: ([+-])(\d{2})(\d{2}))?$/;

function local(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, opts: TimeOptions): number | null {
  if (mo < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const date = opts.timeZone === 'UTC' ? new Date(Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms)) : new Date(y, mo, d, h, mi, Math.min(s, 59), ms);
  const day = opts.timeZone === 'UTC' ? date.getUTCDate() : date.getDate();
  return day === d ? date.getTime() : null;
}

export function looseTime(raw: string, opts: TimeOptions = {}): number | null {
  const s = raw.trim();
  if (s.length === 0 || s.length > 64) return null;
  if (/^\d{4}[-/]\d{2}[-/]\d{2}[T ]\d/.test(s)) {
    const iso = readIsoTime(s.replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3'), opts);
    return iso ? iso.time : null;
  }
  const bsd = readBsdTime(s, opts);
  if (bsd && bsd.length === s.length) return bsd.time;
  let m = APACHE.exec(s);
  if (m) {
    const frac = m[6] ? Number(m[6].slice(0, 3).padEnd(3, '0')) : 0;
    return local(Number(m[7]), monthIndex(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), frac, opts);
  }
  m = CLF.exec(s);
  if (m) {
    const mo = monthIndex(m[2]!);
    if (!m[7]) return local(Number(m[3]), mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0, opts);
    const utc = local(Number(m[3]), mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0, { timeZone: 'UTC' });
    const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
    return utc === null ? null : utc - offset * 60_000;
  }
  if (/^\d{10}(?:\.\d{1,6})?$/.test(s)) return Math.round(Number(s) * 1000);
  if (/^\d{13}$/.test(s)) return Number(s);
  return null;
}
