import { hostTag } from '../../store/keys.js';

/**
 * Key layout of the log store, every key under the host's hash tag (like its series), so one write
 * script touches one slot. `<base>` is `<prefix>:{h:<host>}:log`.
 *
 *   <base>:m:<hour start>  HASH  "<minute 0-59>|<severity>|<template id>|<source>" -> count  (minute tier)
 *   <base>:h:<day start>   HASH  "<hour 0-23>|<severity>|<template id>|<source>" -> count    (hour tier)
 *   <base>:c:<hour start>  SET   template ids counted in that hour (the per-hour template cap)
 *   <base>:tx              HASH  template id -> template text
 *   <base>:ex              HASH  template id -> JSON array of at most MAX_EXAMPLES redacted examples
 *   <base>:fs              ZSET  template id -> first minute this host logged it
 *   <base>:ls              ZSET  template id -> last minute this host logged it (drives pruning)
 *   <base>:src             HASH  source -> JSON LogSourceStatus
 *   <base>:b               ZSET  batch id -> time written (the idempotency mark of the last batches)
 *   <base>:bl              HASH  source -> id of its last batch with counts (the mark a replay meets)
 */
export type LogKeys = {
  base: string;
  minute(hourStart: number): string;
  hour(dayStart: number): string;
  cap(hourStart: number): string;
  texts: string;
  examples: string;
  firstSeen: string;
  lastSeen: string;
  sources: string;
  batches: string;
  lastBatch: string;
};

export function logKeys(prefix: string, host: string): LogKeys {
  const base = `${prefix}:${hostTag(host)}:log`;
  return {
    base,
    minute: (t) => `${base}:m:${t}`,
    hour: (t) => `${base}:h:${t}`,
    cap: (t) => `${base}:c:${t}`,
    texts: `${base}:tx`,
    examples: `${base}:ex`,
    firstSeen: `${base}:fs`,
    lastSeen: `${base}:ls`,
    sources: `${base}:src`,
    batches: `${base}:b`,
    lastBatch: `${base}:bl`,
  };
}

/** A count's hash field; the source goes last since it is the only part that is not fixed-form. */
export function countField(slot: number, severity: string, templateId: string, source: string): string {
  return `${slot}|${severity}|${templateId}|${source}`;
}

export type CountField = { slot: number; severity: string; templateId: string; source: string };

export function parseCountField(field: string): CountField | null {
  const a = field.indexOf('|');
  const b = field.indexOf('|', a + 1);
  const c = field.indexOf('|', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  return { slot: Number(field.slice(0, a)), severity: field.slice(a + 1, b), templateId: field.slice(b + 1, c), source: field.slice(c + 1) };
}
