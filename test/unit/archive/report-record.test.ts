import { describe, expect, it } from 'vitest';
import { decodeReportRecord, encodeReportRecord } from '../../../src/archive/report-record.js';
import type { AppError } from '../../../src/shared/errors.js';

const record = () => ({
  id: 'weekly-1',
  name: 'weekly',
  period: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z', timezone: 'UTC' },
  hosts: ['web-1'],
  files: { pdf: { sha256: 'ab', bytes: 10 } },
  createdAt: '2026-11-08T00:00:01.000Z',
  request: { id: 'weekly-1', name: 'weekly', locale: 'en' },
  model: {
    meta: { id: 'weekly-1', name: 'weekly', title: 'Weekly', periodLabel: 'Nov 1 – Nov 8', locale: 'en', timezone: 'UTC', stepMs: 60_000 },
    summary: { score: 86, issues: [{ key: 'disk', text: 'disk filling', severity: 'warn' }], reasons: ['r'] },
    overview: [{ id: 'web-1', status: 'ok' }],
  },
  forecasts: [
    { seriesId: 's', model: 'hw', madeAt: 1, horizon: 2, timestamps: [1, 2], mean: [1, Infinity], lo80: [0, 0], hi80: [2, 2], lo95: [0, 0], hi95: [3, 3] },
  ],
});

const decodeError = (text: string) => {
  try {
    decodeReportRecord(Buffer.from(text), 'e-7');
  } catch (err) {
    return err as AppError;
  }
  throw new Error('decoded');
};

describe('the archived report record', () => {
  it('reads back what the writer wrote, keeping the model parts only the templates read', () => {
    const back = decodeReportRecord(encodeReportRecord(record()), 'e-1');
    expect(back.model.meta.stepMs).toBe(60_000);
    expect(back.model.summary.reasons).toEqual(['r']);
    expect(back.model.summary.issues[0]?.key).toBe('disk');
    // JSON turned Infinity into null; it reads back as no value, not as zero.
    expect(back.forecasts?.[0]?.mean).toEqual([1, Number.NaN]);
  });

  it('fails a record that is not JSON with the entry it came from', () => {
    const err = decodeError('{"id": ');
    expect(err.code).toBe('ARCHIVE_RECORD_INVALID');
    expect(err.message).toMatch(/^archive entry e-7: the JSON record is not JSON/);
  });

  it('fails a record of the wrong shape naming each bad path, instead of casting it', () => {
    const bad = { ...record(), model: { ...record().model, summary: { score: '86', issues: [] } } };
    const { hosts: _h, ...noHosts } = bad;
    const err = decodeError(JSON.stringify(noHosts));
    expect(err.code).toBe('ARCHIVE_RECORD_INVALID');
    expect(err.message).toContain('archive entry e-7: the JSON record is invalid');
    expect(err.message).toContain('hosts:');
    expect(err.message).toContain('model.summary.score:');
  });

  it('refuses to write a record no reader could read', () => {
    const bad = { ...record(), createdAt: 5 as unknown as string };
    expect(() => encodeReportRecord(bad)).toThrow(/archive entry weekly-1: the JSON record is invalid: createdAt:/);
  });
});
