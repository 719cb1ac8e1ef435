import { performance } from 'node:perf_hooks';
import type { RedisClient } from '../redis/client.js';
import type { Logger } from '../shared/logger.js';

/** Re-read Redis's time this often: the monotonic clock drifts by parts per million at most. */
const RESYNC_MS = 60_000;
/** Smaller disagreements are round-trip noise, not worth a step (a step may go backwards). */
const STEP_MS = 25;
/** Past this the host's own clock is worth a warning (it is not used, but someone should fix it). */
const WARN_MS = 2_000;
/** TIME reads per sync; the one with the shortest round trip is kept. */
const SAMPLES = 5;

type Anchor = { wall: number; mono: number };

export type RedisClock = {
  /** Reads Redis TIME and re-anchors when it disagrees with the carried clock. */
  sync(): Promise<void>;
  /** Redis time minus this host's wall clock, as of the last sync (null before one). */
  hostOffsetMs(): number | null;
};

let installed: { clock: RedisClock; realNow: () => number } | null = null;

/**
 * Makes this process's `Date.now()` Redis's time, carried forward on the monotonic clock between
 * reads of Redis TIME. BullMQ decides when a delayed job is due, and which run comes next, from
 * the worker's `Date.now()`: with the host's clock a step ahead, the next runs fire early and the
 * ones after are dated an hour ahead; a step back stalls every schedule for as long. With one
 * clock for every process (Redis's), a step of a host's clock changes nothing; it is logged.
 * Installed once per process (the worker role); until the first read the host's clock is used.
 * `new Date()` without an argument still reads the host's clock: worker code writes
 * `new Date(Date.now())` where the time is recorded.
 */
export function installRedisClock(o: { redis: RedisClient; log: Logger }): RedisClock {
  if (installed) return installed.clock;
  const realNow = Date.now.bind(Date);
  let anchor: Anchor | null = null;
  let hostOffset: number | null = null;
  const now = () => (anchor ? Math.floor(anchor.wall + (performance.now() - anchor.mono)) : realNow());

  let syncing = false;
  const sync = async () => {
    // One read at a time: while Redis is away a read waits, and reads must not pile up behind it.
    if (syncing) return;
    syncing = true;
    try {
      await read();
    } finally {
      syncing = false;
    }
  };
  /** One TIME read: where Redis's clock stood at `mono`, and how long the round trip took. */
  const sample = async () => {
    const sent = performance.now();
    const [sec, usec] = await o.redis.time();
    const back = performance.now();
    // Redis read its clock somewhere in the round trip: the middle is the best guess.
    return { redisAt: Number(sec) * 1000 + Number(usec) / 1000 + (back - sent) / 2, mono: back, rtt: back - sent, host: realNow() };
  };
  const read = async () => {
    // A busy event loop stretches a round trip on one side: of a few reads, the shortest says most.
    let best = await sample();
    for (let i = 0; i < SAMPLES - 1; i++) {
      const s = await sample();
      if (s.rtt < best.rtt) best = s;
    }
    const { redisAt, mono } = best;
    const offset = Math.round(redisAt - best.host);
    if ((hostOffset === null || Math.abs(offset - hostOffset) > WARN_MS) && Math.abs(offset) > WARN_MS) {
      o.log.warn({ offsetMs: offset }, "this host's clock disagrees with Redis's: scheduling follows Redis's clock");
    }
    hostOffset = offset;
    const carried = anchor ? anchor.wall + (mono - anchor.mono) : null;
    if (carried === null || Math.abs(redisAt - carried) > STEP_MS) {
      if (carried !== null && Math.abs(redisAt - carried) > WARN_MS) o.log.warn({ stepMs: Math.round(redisAt - carried) }, "Redis's clock moved: following it");
      anchor = { wall: redisAt, mono };
    }
  };

  const clock: RedisClock = { sync, hostOffsetMs: () => hostOffset };
  Date.now = now;
  const timer = setInterval(() => void sync().catch(() => undefined), RESYNC_MS);
  timer.unref();
  installed = { clock, realNow };
  return clock;
}
