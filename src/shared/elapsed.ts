import { performance } from 'node:perf_hooks';

/**
 * A stopwatch on the monotonic clock: a wall-clock step (NTP, a jump) cannot make a duration
 * negative or huge. Read to 0.1 ms, since loopback answers take about a millisecond.
 */
export function stopwatch(): () => number {
  const start = performance.now();
  return () => Math.round((performance.now() - start) * 10) / 10;
}
