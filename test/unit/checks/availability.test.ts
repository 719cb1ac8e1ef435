import { describe, expect, it } from 'vitest';
import { computeAvailability } from '../../../src/checks/availability.js';

const MIN = 60_000;

describe('availability', () => {
  it('splits time into ok, fail, maintenance and no data, and states the accounting', () => {
    const a = computeAvailability({
      host: 'h',
      check: 'web',
      from: 0,
      to: 100 * MIN,
      now: 200 * MIN,
      segments: [
        { from: 0, to: 40 * MIN, status: 'ok', message: 'ok' },
        { from: 40 * MIN, to: 50 * MIN, status: 'fail', message: 'connection refused' },
        { from: 50 * MIN, to: 70 * MIN, status: 'ok', message: 'ok' },
        // 70..80 no results at all
      ],
      open: { from: 80 * MIN, lastT: 100 * MIN, status: 'warn', message: 'slow', intervalMs: MIN },
      maintenance: [[60 * MIN, 65 * MIN]],
      retries: 2,
      intervalMs: MIN,
    });
    expect(a.okMs).toBe(55 * MIN);
    expect(a.failMs).toBe(10 * MIN);
    expect(a.warnMs).toBe(20 * MIN);
    expect(a.maintenanceMs).toBe(5 * MIN);
    expect(a.noDataMs).toBe(10 * MIN);
    expect(a.availabilityPct).toBeCloseTo((75 / 85) * 100, 6);
    expect(a.incidents).toEqual([
      { from: 40 * MIN, to: 50 * MIN, status: 'fail', message: 'connection refused' },
      { from: 80 * MIN, to: 101 * MIN, status: 'warn', message: 'slow' },
    ]);
    expect(a.accounting).toContain('from the 3rd failure in a row (retries: 2)');
    expect(a.accounting).toContain('5m inside maintenance windows was excluded');
    expect(a.accounting).toContain('10m without data (no result for more than 2 × the 1m interval)');
  });

  it('does not count the future and gives null with no data at all', () => {
    const a = computeAvailability({
      host: 'h',
      check: 'c',
      from: 0,
      to: 10 * MIN,
      now: 5 * MIN,
      segments: [],
      open: null,
      maintenance: [],
      retries: 0,
      intervalMs: MIN,
    });
    expect(a.availabilityPct).toBeNull();
    expect(a.noDataMs).toBe(5 * MIN);
  });

  it('marks an ongoing incident with to = null', () => {
    const now = 10 * MIN;
    const a = computeAvailability({
      host: 'h',
      check: 'c',
      from: 0,
      to: now,
      now,
      segments: [],
      open: { from: 2 * MIN, lastT: now - 1000, status: 'fail', message: 'down', intervalMs: MIN },
      maintenance: [],
      retries: 0,
      intervalMs: MIN,
    });
    expect(a.incidents).toEqual([{ from: 2 * MIN, to: null, status: 'fail', message: 'down' }]);
    expect(a.failMs).toBe(8 * MIN);
    expect(a.availabilityPct).toBe(0);
  });

  it('leaves unknown time out of the denominator like a gap, says so, and lists no incident for it', () => {
    const a = computeAvailability({
      host: 'h',
      check: 'nginx',
      from: 0,
      to: 60 * MIN,
      now: 60 * MIN,
      segments: [
        { from: 0, to: 20 * MIN, status: 'unknown', message: 'systemd is not running on this host' },
        { from: 20 * MIN, to: 50 * MIN, status: 'ok', message: 'active' },
        { from: 50 * MIN, to: 60 * MIN, status: 'fail', message: 'failed' },
      ],
      open: null,
      maintenance: [[10 * MIN, 15 * MIN]],
      retries: 0,
      intervalMs: MIN,
    });
    expect(a).toMatchObject({
      okMs: 30 * MIN,
      failMs: 10 * MIN,
      unknownMs: 15 * MIN,
      maintenanceMs: 5 * MIN,
      noDataMs: 0,
      unknownReasons: ['systemd is not running on this host'],
    });
    expect(a.availabilityPct).toBeCloseTo(75, 9);
    expect(a.incidents).toEqual([{ from: 50 * MIN, to: 60 * MIN, status: 'fail', message: 'failed' }]);
    expect(a.accounting).toContain('15m with status unknown (the probe could not tell, e.g. no systemd on the host) was excluded like a gap');
  });
});
