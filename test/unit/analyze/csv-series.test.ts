import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '../../../src/analyze/index.js';
import { UsageError } from '../../../src/shared/errors.js';

const errorOf = (text: string): string => {
  try {
    parseCsvSeries(text);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseCsvSeries', () => {
  it('reads ISO and epoch-ms timestamps, empty values as missing', () => {
    const iso = parseCsvSeries('timestamp,value\n2024-01-01T00:00:00Z,1.5\n2024-01-01T00:05:00Z,\n2024-01-01T00:10:00Z,2\n');
    expect(iso).toEqual({ timestamps: [0, 1, 2].map((i) => Date.parse('2024-01-01T00:00:00Z') + i * 300_000), values: [1.5, null, 2], stepMs: 300_000 });
    const epoch = parseCsvSeries('timestamp,value\r\n1700000000000,3\r\n1700000060000,4\r\n');
    expect(epoch.values).toEqual([3, 4]);
    expect(epoch.stepMs).toBe(60_000);
  });

  it('reads zone-less date-times as UTC', () => {
    expect(parseCsvSeries('timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 01:00:00,2\n').timestamps[0]).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('turns absent rows on the grid into missing samples', () => {
    const s = parseCsvSeries('timestamp,value\n0,1\n1000,2\n4000,5\n5000,6\n');
    expect(s.values).toEqual([1, 2, null, null, 5, 6]);
  });

  it('reports unparsable rows with their line numbers', () => {
    expect(errorOf('timestamp,value\n2024-01-01T00:00:00Z,1\nyesterday,2\n2024-01-01T00:10:00Z,abc\n2024-01-01T00:15:00Z,1,2\n')).toBe(
      'unparsable rows at lines 3, 4, 5 (expected "timestamp,value")',
    );
  });

  it('rejects a missing header, non-monotonic and uneven timestamps', () => {
    expect(errorOf('0,1\n1000,2\n')).toMatch(/^line 1: expected the header/);
    expect(errorOf('timestamp,value\n0,1\n1000,2\n1000,3\n')).toMatch(/^timestamps must increase: line 4 is not after line 3/);
    expect(errorOf('timestamp,value\n0,1\n1000,2\n1500,3\n2500,4\n')).toMatch(/evenly spaced.*line 4/);
    expect(errorOf('timestamp,value\n')).toBe('no data rows');
  });
});
