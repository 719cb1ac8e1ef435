import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../store/tiers.js';
import type { RetentionConfig } from '../../store/types.js';
import { OTHER_ID, OTHER_TEMPLATE } from '../mining/template-id.js';
import { MAX_EXAMPLES, type LogBatch } from './log-repo.js';
import type { LogKeys } from './log-keys.js';

/**
 * Batch ids remembered per host, besides the last counting batch of each source. The agent only
 * ever replays the newest counting batch of a source (kept beside its position), which the
 * per-source id covers however many status-only writes came since; the recent ids cover any other
 * caller that retries a write.
 */
export const KEEP_BATCH_IDS = 512;

/**
 * A cap set lives an hour past its hour, and an hour past its last write: lines of that hour read
 * late (a backlog after an outage) still meet the same cap, and only a few sets exist at a time.
 */
const capUntil = (hourStart: number, now: number): number => Math.max(hourStart + 2 * HOUR_MS, now + HOUR_MS);

export type WriteLimits = { retention: RetentionConfig; maxTemplatesPerHour: number };

/** KEYS and ARGV of WRITE_BATCH for one batch; null when nothing of it is within retention. */
export function writeArgs(batch: LogBatch, keys: LogKeys, limits: WriteLimits, now: number): { keys: string[]; arg: string } {
  const { minuteMs, hourMs } = limits.retention;
  const all = [keys.batches, keys.texts, keys.examples, keys.firstSeen, keys.lastSeen, keys.sources, keys.lastBatch];
  const index = new Map<string, number>();
  const expire: Array<[number, number]> = [];
  const keyIndex = (key: string, expireAt: number): number => {
    let i = index.get(key);
    if (i === undefined) {
      all.push(key);
      i = all.length;
      index.set(key, i);
      expire.push([i, expireAt]);
    }
    return i;
  };
  const counts: unknown[] = [];
  for (const c of batch.counts) {
    if (!(c.count > 0)) continue;
    const minute = Math.floor(c.minute / MINUTE_MS) * MINUTE_MS;
    const hourStart = Math.floor(minute / HOUR_MS) * HOUR_MS;
    const dayStart = Math.floor(minute / DAY_MS) * DAY_MS;
    const minuteUntil = hourStart + HOUR_MS + minuteMs;
    const hourUntil = dayStart + DAY_MS + hourMs;
    if (hourUntil <= now) continue;
    counts.push([
      minuteUntil > now ? keyIndex(keys.minute(hourStart), minuteUntil) : 0,
      keyIndex(keys.cap(hourStart), capUntil(hourStart, now)),
      keyIndex(keys.hour(dayStart), hourUntil),
      (minute - hourStart) / MINUTE_MS,
      (hourStart - dayStart) / HOUR_MS,
      c.severity,
      c.templateId,
      c.source,
      Math.round(c.count),
      minute,
    ]);
  }
  const payload = {
    id: batch.batchId,
    now,
    counts,
    templates: batch.templates.map((t) => [t.id, wellFormed(t.template), t.examples.slice(0, MAX_EXAMPLES).map(wellFormed)]),
    status: { ...batch.status, problem: batch.status.problem === null ? null : wellFormed(batch.status.problem) },
    other: OTHER_ID,
    otherText: OTHER_TEMPLATE,
    cap: limits.maxTemplatesPerHour,
    maxEx: MAX_EXAMPLES,
    pruneBefore: now - hourMs,
    keepMeta: hourMs,
    keepBatches: KEEP_BATCH_IDS,
    expire,
  };
  return { keys: all, arg: JSON.stringify(payload) };
}

/**
 * Lone surrogates (a `\\ud800` escape in a JSON log line) make Redis's cjson reject the whole
 * payload, and the batch would be retried for ever: they become U+FFFD like invalid UTF-8 does.
 */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
