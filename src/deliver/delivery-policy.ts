/** How long and how often a report's delivery is retried (config `deliver`). */
export type DeliveryPolicy = { backoff: number; maxBackoff: number; deadline: number };

/** The BullMQ backoff type of send-report; its delays come from `deliveryDelay`. */
export const DELIVERY_BACKOFF = 'delivery';

/**
 * The wait before the next attempt: doubling from `backoff`, capped at `maxBackoff`, and never
 * past the deadline, so the last attempt falls on it. `readyAt` is when the report was archived
 * and its delivery queued.
 */
export function deliveryDelay(p: DeliveryPolicy, o: { attemptsMade: number; readyAt: number; now: number }): number {
  const doubled = p.backoff * 2 ** Math.min(Math.max(0, o.attemptsMade - 1), 40);
  return Math.max(0, Math.min(p.maxBackoff, doubled, o.readyAt + p.deadline - o.now));
}

/**
 * Attempts enough to keep trying until the deadline even if every attempt failed at once. The
 * deadline, not this count, ends the retries (send-report decides); this only keeps BullMQ from
 * giving up before it.
 */
export function deliveryAttempts(p: DeliveryPolicy): number {
  let t = 0;
  let n = 1;
  while (t < p.deadline && n < 100_000) t += deliveryDelay(p, { attemptsMade: n++, readyAt: 0, now: t }) || p.deadline;
  return n + 1;
}

export function deliveryJobOptions(p: DeliveryPolicy) {
  return { attempts: deliveryAttempts(p), backoff: { type: DELIVERY_BACKOFF, delay: p.backoff } };
}

/**
 * A rejection the mail relay will repeat however often it is asked (SMTP 5xx: unknown user,
 * relaying denied, message too large): no point in retrying for a day. 4xx and connection
 * errors are the relay's outages, which retries outlast.
 */
export function isPermanentMailError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** The schema's defaults (src/config/schema.ts `deliver`), for enqueuers without a config at hand. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { backoff: 10_000, maxBackoff: 900_000, deadline: 86_400_000 };
