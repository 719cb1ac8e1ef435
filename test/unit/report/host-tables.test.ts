import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { diskIoRows, diskRows, netRows } from '../../../src/report/model/host-tables.js';
import { helpers } from '../../../src/report/templates/helpers.js';
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

/**
 * Seen in a new-user run: the first report (0 samples after the agent's first minute) said
 * "eth0, ifb0, and ifb1 carried no traffic, errors or drops in the period" and gave Disk IO
 * averages, while stating that averages and peaks leave out the first minute. With those samples
 * cut, nothing is left: no figure, and no "no traffic" either.
 */
describe('tables of a host with no sample left after its first minute', () => {
  const empty = (): RangePoint[] => Array.from({ length: 12 }, (_, i) => ({ t: i * 5 * MIN, v: null, min: null, max: null, last: null, count: 0 }));
  const zero = (): RangePoint[] => Array.from({ length: 12 }, (_, i) => ({ t: i * 5 * MIN, v: 0, min: 0, max: 0, last: 0, count: 1 }));

  it('names an interface with no data apart from one that carried nothing', () => {
    const both = (metric: string) => [series(metric, 'eth0', empty()), series(metric, 'ifb0', zero())];
    const out = netRows({
      rx: both('net.rx_bps'),
      tx: both('net.tx_bps'),
      rxErr: both('net.rx_errors'),
      txErr: both('net.tx_errors'),
      rxDrop: both('net.rx_drops'),
      txDrop: both('net.tx_drops'),
      intervalMs: 10_000,
      show: [],
    });
    expect(out).toEqual({ rows: [], idle: ['ifb0'], unread: ['eth0'] });
  });

  it('lists no disk IO row for a device with no data', () => {
    const dev = (metric: string, points: RangePoint[]): RangeSeries => ({
      id: { host: 'h', metric, labels: { device: 'vda' } },
      tier: 'raw',
      step: 5 * MIN,
      points,
    });
    const rows = diskIoRows({
      readBps: [dev('diskio.read_bps', empty())],
      writeBps: [dev('diskio.write_bps', empty())],
      readIops: [dev('diskio.read_iops', empty())],
      writeIops: [dev('diskio.write_iops', empty())],
      busy: [dev('diskio.busy_pct', empty())],
    });
    expect(rows).toEqual([]);
  });
});

/**
 * Seen in a new-user run: a host marked "not enough data to score", in a report saying no
 * judgement is made from such a host's samples, had "OK 25.7%" in its Disks table.
 */
describe('disks table of a host with not enough data to score', () => {
  const pct = [series('disk.used_pct', '/', [{ t: 0, v: 25.7, min: 25.7, max: 25.7, last: 25.7, count: 1 }])];
  pct[0]!.id.labels = { mount: '/' };
  const rows = (judge: boolean) => diskRows({ pct, size: [], used: [], free: [], inodes: [], latest: [], judge });

  it('shows the figure with no status', () => {
    expect(rows(false)).toMatchObject([{ mount: '/', usedPct: 25.7, status: null }]);
    expect(rows(true)).toMatchObject([{ mount: '/', usedPct: 25.7, status: 'ok' }]);
  });

  it('renders no OK badge and says why', () => {
    const hb = Handlebars.create();
    for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
    const render = hb.compile(readFileSync('templates/partials/disks.hbs', 'utf8'));
    const strings = JSON.parse(readFileSync('templates/locales/en.json', 'utf8')) as Record<string, string>;
    const _l = { locale: 'en', timezone: 'UTC', strings };
    const unscored = render({ _l, status: 'none', disks: rows(false) });
    expect(unscored).not.toContain('badge');
    expect(unscored).toContain('25.7%');
    expect(unscored).toContain(strings['disks.notJudged']);
    const scored = render({ _l, status: 'ok', disks: rows(true) });
    expect(scored).toContain('badge-ok');
    expect(scored).not.toContain(strings['disks.notJudged']);
  });
});
