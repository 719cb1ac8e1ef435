import { describe, expect, it } from 'vitest';
import { countField, logKeys, parseCountField } from '../../../src/logs/store/log-keys.js';
import { cellsOf, toBuckets } from '../../../src/logs/store/log-tally.js';
import { atLeast, moreSevere } from '../../../src/logs/store/severity-rank.js';
import { wellFormed, writeArgs } from '../../../src/logs/store/write-args.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const retention = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };

describe('log store helpers', () => {
  it('round-trips count fields, sources with bars included', () => {
    expect(parseCountField(countField(59, 'err', 'abcdef012345', 'my|src'))).toEqual({
      slot: 59,
      severity: 'err',
      templateId: 'abcdef012345',
      source: 'my|src',
    });
    expect(parseCountField('garbage')).toBeNull();
  });

  it('ranks severities with unknown below debug', () => {
    expect(moreSevere('info', 'unknown')).toBe('info');
    expect(moreSevere('warning', 'err')).toBe('err');
    expect(atLeast('err', 'err')).toBe(true);
    expect(atLeast('crit', 'err')).toBe(true);
    expect(atLeast('warning', 'err')).toBe(false);
    expect(atLeast('unknown', 'debug')).toBe(false);
    expect(atLeast('unknown', undefined)).toBe(true);
  });

  it('drops counts past each tier and keys each window once', () => {
    const keys = logKeys('p', 'h');
    const batch = {
      host: 'h',
      source: 's',
      batchId: 'b',
      counts: [
        { templateId: 't', severity: 'info' as const, source: 's', minute: NOW - 30 * 60_000, count: 2 },
        { templateId: 'u', severity: 'info' as const, source: 's', minute: NOW - 20 * 60_000, count: 1 },
        { templateId: 't', severity: 'info' as const, source: 's', minute: NOW - 40 * DAY, count: 5 },
        { templateId: 't', severity: 'info' as const, source: 's', minute: NOW - 500 * DAY, count: 7 },
        { templateId: 't', severity: 'info' as const, source: 's', minute: NOW, count: 0 },
      ],
      templates: [],
      status: { source: 's', since: 0, lastRead: 0, problem: null },
    };
    const { keys: k, arg } = writeArgs(batch, keys, { retention, maxTemplatesPerHour: 10 }, NOW);
    const p = JSON.parse(arg) as { counts: number[][] };
    expect(p.counts).toHaveLength(3);
    // Two counts of the same hour share one minute key, one cap key and one hour key.
    expect(k.filter((x) => x.includes(':m:'))).toEqual([keys.minute(NOW - HOUR)]);
    expect(p.counts[2]![0]).toBe(0);
    expect(k.filter((x) => x.includes(':h:'))).toHaveLength(2);
    expect(k.every((x) => x.startsWith('p:{h:h}:log:'))).toBe(true);
  });

  it('replaces lone surrogates only', () => {
    expect(wellFormed('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
  });

  it('buckets cells from `from` on, within the range and filter', () => {
    const start = NOW - HOUR;
    const hash = { [countField(0, 'err', 't1', 's')]: '2', [countField(1, 'info', 't2', 's')]: '3', [countField(59, 'err', 't1', 'x')]: '4' };
    const cells = cellsOf({ tier: 'minute', windowStart: start, hash, from: start, to: start + 59 * 60_000, filter: { minSeverity: 'warning' } });
    expect(cells).toEqual([{ t: start, severity: 'err', templateId: 't1', source: 's', count: 2 }]);
    const all = cellsOf({ tier: 'minute', windowStart: start, hash, from: start, to: start + HOUR });
    expect(toBuckets(all, start, 30 * 60_000)).toEqual([
      { t: start, total: 5, bySeverity: { err: 2, info: 3 } },
      { t: start + 30 * 60_000, total: 4, bySeverity: { err: 4 } },
    ]);
  });
});
