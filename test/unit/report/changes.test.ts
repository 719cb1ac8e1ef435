import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../../../src/archive/manifest-entry.js';
import { buildChanges } from '../../../src/report/model/track-record.js';

const strings = { 'changes.score': 'score {from} → {to}', 'changes.newIssue': 'New: {text}', 'changes.goneIssue': 'Resolved: {text}' };
const previous = {
  entry: { id: 'e1', reportId: 'weekly-1' } as ManifestEntry,
  record: {
    model: {
      summary: {
        score: 90,
        issues: [
          { key: 'disk|web-1|/var', text: 'Disk /var on web-1 is 85% full', severity: 'warn' },
          { key: 'cpu|web-2', text: 'CPU on web-2 averaged 80%', severity: 'warn' },
          { key: 'mem|db-1', text: 'Memory on db-1 peaked at 95%', severity: 'warn' },
        ],
      },
    },
  },
};

describe('changes since the previous report', () => {
  it('matches findings by key, whatever the language, and only for hosts in this report', () => {
    const c = buildChanges({
      previous,
      summary: { score: 84, issues: [{ key: 'disk|web-1|/var', text: 'web-1 上的磁盘 /var 已用 88%' }, { key: 'gap|web-1', text: 'web-1 有 2h 没有上报数据' }] },
      hosts: ['web-1', 'web-2'],
      strings,
    });
    expect(c).toEqual({ previousReport: 'weekly-1', score: 'score 90 → 84', lines: ['New: web-1 有 2h 没有上报数据', 'Resolved: CPU on web-2 averaged 80%'] });
  });

  it('says nothing when the previous record has no summary', () => {
    expect(buildChanges({ previous: { entry: previous.entry, record: {} }, summary: { score: 100, issues: [] }, hosts: [], strings })).toBeNull();
  });
});
