import Handlebars, { type HelperDelegate, type HelperOptions } from 'handlebars';
import { formatDurationIn } from '../../shared/duration.js';
import { pluralKey } from './plural.js';

/** What every helper reads from the render's root context: locale, zone and the string table. */
export type RenderLocale = { locale: string; timezone: string; strings: Record<string, string> };

function root(options: HelperOptions): RenderLocale {
  const r = (options.data as { root?: { _l?: RenderLocale } } | undefined)?.root?._l;
  return r ?? { locale: 'en', timezone: 'UTC', strings: {} };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Formats `{name}` placeholders from hash arguments. */
export function interpolate(text: string, args: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

export const helpers: Record<string, HelperDelegate> = {
  /** Localised string: {{t "summary.title" host=name}}. Missing keys show the key, never blank. */
  t(key: string, options: HelperOptions) {
    const text = root(options).strings[key] ?? key;
    return interpolate(text, options.hash as Record<string, unknown>);
  },
  /** Localised string that depends on a count: {{tn "secFleet.otherLine" count=n hosts=n}} reads `key.one` for 1 in en. */
  tn(key: string, options: HelperOptions) {
    const { strings, locale } = root(options);
    const count = num(options.hash.count) ?? NaN;
    return interpolate(strings[pluralKey(strings, locale, key, count)] ?? key, options.hash as Record<string, unknown>);
  },
  bytes(v: unknown, options: HelperOptions) {
    const n = num(v);
    if (n === null) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    let x = Math.abs(n);
    while (x >= 1024 && i < units.length - 1) {
      x /= 1024;
      i++;
    }
    // Less than one byte (a rate) is not "0 B": zero means nothing at all.
    if (x > 0 && x < 1) return `<1 ${units[0]}`;
    const fmt = new Intl.NumberFormat(root(options).locale, { maximumFractionDigits: x < 10 && i > 0 ? 1 : 0 });
    return `${n < 0 ? '-' : ''}${fmt.format(x)} ${units[i]}`;
  },
  percent(v: unknown, options: HelperOptions) {
    const n = num(v);
    if (n === null) return '—';
    const digits = typeof options.hash.digits === 'number' ? options.hash.digits : 1;
    const fmt = new Intl.NumberFormat(root(options).locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 });
    // Rounding must not turn a little into none (or all): 0.04% is "<0.1%", 99.96% is ">99.9%".
    const least = 10 ** -digits;
    if (n > 0 && n < least / 2) return `<${fmt.format(least / 100)}`;
    if (n < 100 && n > 100 - least / 2) return `>${fmt.format((100 - least) / 100)}`;
    return fmt.format(n / 100);
  },
  number(v: unknown, options: HelperOptions) {
    const n = num(v);
    if (n === null) return '—';
    const digits = typeof options.hash.digits === 'number' ? options.hash.digits : 2;
    return new Intl.NumberFormat(root(options).locale, { maximumFractionDigits: digits }).format(n);
  },
  duration(ms: unknown, options: HelperOptions) {
    const n = num(ms);
    return n === null ? '—' : formatDurationIn(n, root(options).locale);
  },
  /** A list in the reader's language: "a, b and c", "a、b和c". */
  join(list: unknown, options: HelperOptions) {
    const items = Array.isArray(list) ? list.map(String) : [];
    return new Intl.ListFormat(root(options).locale, { style: 'long', type: 'conjunction' }).format(items);
  },
  /** An alert's severity (info, warning, critical) in the reader's language. */
  severityText(severity: unknown, options: HelperOptions) {
    const s = typeof severity === 'string' ? severity : '';
    return root(options).strings[`severity.${s}`] ?? s;
  },
  /** The localised word for a status, for plain text (the badge is its HTML form). */
  statusText(status: unknown, options: HelperOptions) {
    const s = typeof status === 'string' ? status : 'ok';
    return root(options).strings[`status.${s}`] ?? s;
  },
  /** Date and time in the report's time zone: {{datetime t}} or {{datetime t style="date"}}. */
  datetime(v: unknown, options: HelperOptions) {
    const n = num(v) ?? (typeof v === 'string' ? Date.parse(v) : NaN);
    if (!Number.isFinite(n)) return '—';
    const { locale, timezone } = root(options);
    const style = options.hash.style as string | undefined;
    const opts: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'medium' } : style === 'time' ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' };
    return new Intl.DateTimeFormat(locale, { ...opts, timeZone: timezone, hourCycle: 'h23' }).format(new Date(n));
  },
  /** "3 hours ago" / "in 2 days", relative to the report's generation time (hash `to`) or now. */
  relative(v: unknown, options: HelperOptions) {
    const n = num(v);
    if (n === null) return '—';
    const base = num(options.hash.to) ?? Date.now();
    const diff = n - base;
    const abs = Math.abs(diff);
    const rtf = new Intl.RelativeTimeFormat(root(options).locale, { numeric: 'auto' });
    const [unit, size] = abs >= 86_400_000 ? (['day', 86_400_000] as const) : abs >= 3_600_000 ? (['hour', 3_600_000] as const) : (['minute', 60_000] as const);
    return rtf.format(Math.round(diff / size), unit);
  },
  /** A health badge: ok / warn / fail, unknown (the probe could not tell), none (not scored) or nodata, with its localised label. */
  badge(status: unknown, options: HelperOptions) {
    const s = status === 'fail' || status === 'warn' || status === 'unknown' || status === 'none' || status === 'nodata' ? status : 'ok';
    const label = root(options).strings[`status.${s}`] ?? s;
    return new Handlebars.SafeString(`<span class="badge badge-${s}">${escapeHtml(label)}</span>`);
  },
  eq: (a: unknown, b: unknown) => a === b,
  gt: (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b,
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}
