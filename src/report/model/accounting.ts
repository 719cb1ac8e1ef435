import { interpolate } from '../templates/helpers.js';
import type { HostSection } from './host-section.js';

/**
 * How availability was counted, in the report's language: the rule, then each group of checks
 * by its retries. Per-check figures (maintenance, no data, interval) are in the table itself, so
 * one check's numbers are never stated as if they held for all.
 */
export function accountingNote(opts: { hosts: Array<Pick<HostSection, 'ops'>>; strings: Record<string, string>; locale: string }): string | null {
  const rows = opts.hosts.flatMap((h) => h.ops.availability);
  if (rows.length === 0) return null;
  const say = (key: string, args: Record<string, unknown> = {}) => interpolate(opts.strings[key] ?? key, args);
  const list = new Intl.ListFormat(opts.locale, { style: 'long', type: 'conjunction' });
  const byRetries = new Map<number | null, Set<string>>();
  for (const a of rows) byRetries.set(a.retries, (byRetries.get(a.retries) ?? new Set()).add(a.check));
  const parts = [say('ops.accountingRule')];
  for (const [retries, names] of [...byRetries].sort(([a], [b]) => (a ?? -1) - (b ?? -1))) {
    const checks = list.format([...names].sort());
    if (retries === null) parts.push(say('ops.accountingRetriesUnknown', { checks }));
    else if (retries === 0) parts.push(say('ops.accountingNoRetries', { checks }));
    else parts.push(say('ops.accountingRetries', { checks, n: retries + 1, retries }));
  }
  return parts.join(' ');
}
