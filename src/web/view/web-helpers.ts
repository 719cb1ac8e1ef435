import type { HelperDelegate } from 'handlebars';

/**
 * Console-only helpers, added to the report helpers. None returns a SafeString: everything they
 * produce is escaped by Handlebars like any other value.
 */
export const webHelpers: Record<string, HelperDelegate> = {
  /** One URL path segment: host ids may hold any character, so links encode them. */
  url: (v: unknown) => encodeURIComponent(String(v ?? '')),
  join: (v: unknown, sep: unknown) => (Array.isArray(v) ? v.map(String).join(typeof sep === 'string' ? sep : ', ') : ''),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (v: unknown) => !v,
  len: (v: unknown) => (Array.isArray(v) ? v.length : 0),
  /** Clamp for <meter>/<progress> values: a null reading draws an empty bar, not a wrong one. */
  clamp: (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(100, v)) : 0),
  concat: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => (a === null || a === undefined ? '' : String(a)))
      .join(''),
  lower: (v: unknown) => String(v ?? '').toLowerCase(),
  fixed: (v: unknown, digits: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(typeof digits === 'number' ? digits : 1) : '—'),
};
