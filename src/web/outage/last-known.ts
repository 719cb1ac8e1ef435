import { isConnectionError } from '../../queue/connection-errors.js';
import { HttpError } from '../http/http-error.js';
import type { RedisWatch } from './redis-watch.js';

/** What a page or API answer is built from: fresh, or the last value read before Redis went away. */
export type Known<T> = { value: T; asOf: number; stale: false } | { value: T; asOf: number; stale: true; unreachableSince: number };

export type LastKnown = {
  read<T>(key: string, fn: () => Promise<T>): Promise<Known<T>>;
  /** Since when Redis has been unreachable (connection lost, or reads not answering), else null. */
  unreachableSince(): number | null;
  /** Since when the connection itself is down (not merely slow), else null. */
  downSince(): number | null;
};

type Entry = { value: unknown; asOf: number };

/**
 * A read slower than this makes the console ask Redis itself (PING, within PROBE_TIMEOUT_MS): a
 * page can be slow for its own work (forecasts), and that is no outage. Both together stay under
 * the 1 s a page has while Redis is unreachable.
 */
export const READ_TIMEOUT_MS = 600;
export const PROBE_TIMEOUT_MS = 250;
/** Keys are pages and API answers (a host × range, a report id): enough for a fleet, bounded. */
const MAX_ENTRIES = 1000;

export const redisUnavailable = (since: number) =>
  new HttpError({
    status: 503,
    code: 'redis_unavailable',
    message: `Redis unreachable since ${new Date(since).toISOString()}, and nothing was read before to show`,
  });

/**
 * A last-known cache in front of the console's Redis reads. While Redis answers, reads go through
 * and their results are kept. While it does not (the connection is down, or a read takes longer
 * than `timeoutMs` and Redis does not answer `probe`), the last value is returned, marked stale
 * with its age; with none, a 503 that says why. A slow read keeps running and refreshes the cache
 * when it lands; one read per key at a time.
 */
export function createLastKnown(opts: { watch: RedisWatch; probe: () => Promise<boolean>; timeoutMs?: number; now?: () => number }): LastKnown {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? READ_TIMEOUT_MS;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<unknown>>();
  let failingSince: number | null = null;
  const unreachableSince = () => opts.watch.downSince() ?? failingSince;

  const store = (key: string, value: unknown) => {
    cache.delete(key);
    cache.set(key, { value, asOf: now() });
    // Map keeps insertion order: the first key is the one refreshed longest ago.
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  };

  const stale = <T>(key: string, since: number, cause?: unknown): Known<T> => {
    const hit = cache.get(key);
    if (!hit) {
      // A request error (bad input, unknown id) is the caller's, not an outage.
      if (cause instanceof HttpError) throw cause;
      throw redisUnavailable(since);
    }
    return { value: hit.value as T, asOf: hit.asOf, stale: true, unreachableSince: since };
  };

  const start = (key: string, fn: () => Promise<unknown>) => {
    let p = inFlight.get(key);
    if (!p) {
      p = fn().then(
        (value) => {
          store(key, value);
          failingSince = null;
          return value;
        },
        (err: unknown) => {
          if (isConnectionError(err)) failingSince ??= now();
          throw err;
        },
      );
      p.catch(() => undefined).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };

  return {
    unreachableSince,
    downSince: () => opts.watch.downSince(),
    async read<T>(key: string, fn: () => Promise<T>): Promise<Known<T>> {
      const down = opts.watch.downSince();
      // Commands sent now would wait in ioredis's offline queue until the reconnect.
      if (down !== null) return stale<T>(key, down);
      // Reads are already timing out: answer from the cache now, refreshing it in the background.
      if (failingSince !== null && cache.has(key)) {
        start(key, fn).catch(() => undefined);
        return stale<T>(key, unreachableSince() ?? failingSince);
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      try {
        const pending = start(key, fn);
        let result = await Promise.race([pending, timeout]);
        if (result === 'timeout') {
          // Slow, but is it Redis? If Redis answers a PING, the work is just long: wait for it.
          if (await opts.probe()) result = await pending;
          else {
            failingSince ??= now();
            return stale<T>(key, unreachableSince() ?? now());
          }
        }
        return { value: result as T, asOf: now(), stale: false };
      } catch (err) {
        // Only "Redis is not there" falls back to the last value; a bug stays a 500 with its log line.
        if (err instanceof HttpError || !isConnectionError(err)) throw err;
        return stale<T>(key, unreachableSince() ?? now(), err);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
