export const WRAP32 = 2 ** 32;

/**
 * Deltas of one entity's monotonic counters (one interface, one disk) between two readings, or
 * null when the entity's counters reset (driver reload, device re-created, reboot): that interval
 * then has no rates at all rather than negative or absurd ones.
 *
 * A 32-bit counter (32-bit kernels, old drivers, diskstats' io_ticks in ms) wraps on its own while
 * its siblings keep growing. A backward step is taken as a wrap only when it is plausible: exactly
 * one counter went back, it was below 2^32, and it jumped back by more than half the 32-bit range
 * (from near the top to near zero). A reset zeroes every counter at once, so it fails the first test.
 */
export function counterDeltas<K extends string>(opts: { prev: Record<K, number>; cur: Record<K, number>; keys: readonly K[] }): Record<K, number> | null {
  const out = {} as Record<K, number>;
  let backward = 0;
  for (const k of opts.keys) {
    const d = opts.cur[k] - opts.prev[k];
    if (!Number.isFinite(d)) return null;
    if (d >= 0) {
      out[k] = d;
      continue;
    }
    backward += 1;
    const wrapped = opts.prev[k] < WRAP32 && -d > WRAP32 / 2;
    if (backward > 1 || !wrapped) return null;
    out[k] = d + WRAP32;
  }
  return out;
}

/**
 * Shortest interval rates are computed over. Closer calls (a retried job, a manual collect) get no
 * rates instead of noise from /proc/uptime's 10 ms resolution; the baseline is kept for the next.
 */
export const MIN_RATE_INTERVAL_SEC = 0.1;

/**
 * Seconds between two readings, or null when time went backwards or not far enough. Prefers
 * /proc/uptime (monotonic, immune to wall-clock steps) and falls back to collection times.
 */
export function intervalSec(opts: { prevUptime: number | null; curUptime: number | null; prevT: number; curT: number }): number | null {
  const sec = opts.prevUptime !== null && opts.curUptime !== null ? opts.curUptime - opts.prevUptime : (opts.curT - opts.prevT) / 1000;
  return sec >= MIN_RATE_INTERVAL_SEC ? sec : null;
}

/** A reboot between readings: boot time moved (beyond NTP jitter) or uptime went back. */
export function rebooted(opts: { prevBtime: number | null; curBtime: number | null; prevUptime: number | null; curUptime: number | null }): boolean {
  // btime is derived from the wall clock, so a clock step nudges it by a second or so.
  const BTIME_JITTER_SEC = 2;
  if (opts.prevBtime !== null && opts.curBtime !== null && Math.abs(opts.curBtime - opts.prevBtime) > BTIME_JITTER_SEC) return true;
  return opts.prevUptime !== null && opts.curUptime !== null && opts.curUptime < opts.prevUptime;
}
