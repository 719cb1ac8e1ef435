import type { Labels, SeriesId } from './types.js';

/**
 * A series is named inside its host by a canonical string: the metric, then labels sorted by key,
 * `metric|k=v|k2=v2`. Separators inside names are percent-escaped, so the form is reversible and
 * listSeries needs no second index.
 */
// Called for every point appended: a plain scan avoids building a new string in the common case.
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 || c === 61 || c === 124) return true;
  }
  return false;
}
const escape = (s: string) => (needsEscape(s) ? s.replace(/[%|=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`) : s);
const unescape = (s: string) => (s.includes('%') ? s.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s);

export function seriesName(metric: string, labels: Labels | undefined): string {
  let out = escape(metric);
  if (labels === undefined) return out;
  const keys = Object.keys(labels);
  if (keys.length === 0) return out;
  if (keys.length > 1) keys.sort();
  for (const k of keys) out += `|${escape(k)}=${escape(labels[k]!)}`;
  return out;
}

export function parseSeriesName(host: string, name: string): SeriesId {
  const [metric = '', ...pairs] = name.split('|');
  const labels: Labels = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    labels[unescape(p.slice(0, eq))] = unescape(p.slice(eq + 1));
  }
  return { host, metric: unescape(metric), labels };
}

/** True when every given label matches exactly; keys not given match anything. */
export function labelsMatch(want: Labels | undefined, have: Labels): boolean {
  if (want === undefined) return true;
  for (const k of Object.keys(want)) if (have[k] !== want[k]) return false;
  return true;
}
