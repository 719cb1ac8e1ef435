import { describe, expect, it } from 'vitest';
import { netRows } from '../../../src/report/model/host-tables.js';
import type { RangePoint, RangeSeries } from '../../../src/store/types.js';

const MIN = 60_000;
const series = (metric: string, iface: string, points: RangePoint[]): RangeSeries => ({
  id: { host: 'h', metric, labels: { iface } },
  tier: 'raw',
  step: 5 * MIN,
  points,
});
/** One sample every 10 minutes on a 5-minute chart: every other bucket is empty, and that is no gap. */
const sparse = (rate: number) =>
  Array.from({ length: 12 }, (_, i): RangePoint =>
    i % 2 === 0
      ? { t: i * 5 * MIN, v: rate, min: rate, max: rate, last: rate, count: 1 }
      : { t: i * 5 * MIN, v: null, min: null, max: null, last: null, count: 0 },
  );

describe('network table', () => {
  it('counts errors over the time each sample stands for, not over the chart bucket it falls in', () => {
    // 1 error/s for an hour, sampled every 10 minutes: 3,600 errors, not 1,800.
    const all = (metric: string, rate: number) => [series(metric, 'eth0', sparse(rate))];
    const { rows } = netRows({
      rx: all('net.rx_bps', 100),
      tx: all('net.tx_bps', 100),
      rxErr: all('net.rx_errors', 1),
      txErr: all('net.tx_errors', 0),
      rxDrop: all('net.rx_drops', 0),
      txDrop: all('net.tx_drops', 0),
      intervalMs: 10 * MIN,
      show: [],
    });
    expect(rows[0]).toMatchObject({ iface: 'eth0', errors: 3600, drops: 0 });
  });
});
