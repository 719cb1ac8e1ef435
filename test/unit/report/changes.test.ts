import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../../src/archive/manifest-entry.js';
import { buildChanges } from '../../../src/report/model/track-record.js';

const strings = {
  'changes.score': 'score {from} → {to}',
  'changes.newIssue': 'New: {text}',
  'changes.goneIssue': 'Resolved: {text}',
  'changes.basis': 'Compared with report {id} ({period})',
  'changes.unreadable': 'Previous report {id} ({entry}) unreadable',
  'summary.notScored': 'not scored',
};
const previous = {
  entry: { id: 'e1', reportId: 'weekly-1' } as ManifestEntry,
  record: {
    model: {
      summary: {
        score: 90,
        issues: [
          { key: 'disk|web-1|/var', text: 'Disk /var on web-1 is 85% full', severity: 'warn' },
          { key: 'cpu|web-2', text: 'CPU on web-2 averaged 80%', severity: 'warn' },
        ],
      },
    },
  },
};

describe('changes since the previous report', () => {
  it('matches findings by key, whatever the language, and names the report compared with', () => {
    const c = buildChanges({
      previous,
      summary: {
        score: 84,
        issues: [
          { key: 'disk|web-1|/var', text: 'web-1 上的磁盘 /var 已用 88%' },
          { key: 'gap|web-1', text: 'web-1 有 2h 没有上报数据' },
        ],
      },
      previousPeriod: 'Jan 5 – Jan 12',
      strings,
    });
    expect(c).toEqual({
      previousReport: 'weekly-1',
      previousEntry: 'e1',
      basis: 'Compared with report weekly-1 (Jan 5 – Jan 12)',
      score: 'score 90 → 84',
      lines: ['New: web-1 有 2h 没有上报数据', 'Resolved: CPU on web-2 averaged 80%'],
    });
  });

  it('says a score was not given rather than printing a number', () => {
    const c = buildChanges({ previous, summary: { score: null, issues: [] }, previousPeriod: 'p', strings });
    expect(c.score).toBe('score 90 → not scored');
  });

  it('says the previous report cannot be read instead of claiming there is none', () => {
    expect(buildChanges({ previous: { entry: previous.entry, record: null }, summary: { score: 100, issues: [] }, previousPeriod: 'p', strings })).toEqual({
      previousReport: 'weekly-1',
      previousEntry: 'e1',
      basis: 'Previous report weekly-1 (e1) unreadable',
      score: null,
      lines: [],
    });
  });
});
