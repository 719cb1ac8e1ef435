import { describe, expect, it } from 'vitest';
import { BatchCounter } from '../../../src/logs/ingest/batch-counter.js';
import { TemplateMiner } from '../../../src/logs/mining/index.js';
import { createRedactor } from '../../../src/logs/redact/index.js';
import type { FileLine, SourceBatch } from '../../../src/logs/sources/types.js';
import { emptyStats } from '../../../src/logs/sources/types.js';

const NOW = Date.UTC(2026, 11, 7, 12, 30, 45);
const MIN = 60_000;

function fileBatch(lines: Array<string | [string, string]>): SourceBatch {
  const out: FileLine[] = lines.map((l, i) => {
    const [fileId, text] = typeof l === 'string' ? ['1:1', l] : l;
    return { path: '/var/log/app.log', fileId, offset: i * 100, text, truncated: false };
  });
  return { kind: 'file', source: 'app', lines: out, checkpoint: { source: 'app', seq: 1, state: {} }, stats: emptyStats() };
}

const counter = (format: string | null = 'syslog') =>
  new BatchCounter({ source: 'app', format, miner: new TemplateMiner(), redactor: createRedactor([/s3cr3t/gi]), maxTemplates: 1000 });

describe('BatchCounter', () => {
  it('counts entries per minute, template and severity, with the header time', () => {
    const t1 = new Date(NOW - 5 * MIN).toISOString();
    const t2 = new Date(NOW - 4 * MIN).toISOString();
    const c = counter().count(
      fileBatch([
        `<30>1 ${t1} web-1 sshd 7 - - Accepted password for alice from 10.0.0.1 port 22 ssh2`,
        `<30>1 ${t1} web-1 sshd 7 - - Accepted password for alice from 10.0.0.2 port 22 ssh2`,
        `<27>1 ${t2} web-1 sshd 7 - - Accepted password for alice from 10.0.0.3 port 22 ssh2`,
      ]),
      NOW,
    );
    expect(c.entries).toBe(3);
    const minute = (t: number) => Math.floor(t / MIN) * MIN;
    expect(c.counts.map((x) => [x.severity, x.minute, x.count, x.source]).sort()).toEqual(
      [
        ['err', minute(NOW - 4 * MIN), 1, 'app'],
        ['info', minute(NOW - 5 * MIN), 2, 'app'],
      ].sort(),
    );
    expect(new Set(c.counts.map((x) => x.templateId)).size).toBe(1);
    expect(c.templates).toHaveLength(1);
    expect(c.templates[0]!.examples).toHaveLength(3);
  });

  it('uses the read time for entries without a time or from the future, and unknown when nothing said the severity', () => {
    const future = new Date(NOW + 3_600_000).toISOString();
    const c = counter('auto').count(fileBatch(['plain message one', `${future} web-1 app[1]: plain message two`]), NOW);
    expect(c.counts.every((x) => x.minute === Math.floor(NOW / MIN) * MIN)).toBe(true);
    expect(c.counts.map((x) => x.severity)).toContain('unknown');
  });

  it('folds within one file, not across files, and counts the entry open at the end of the batch', () => {
    const c = counter('auto').count(
      fileBatch([
        ['1:1', '2026-12-07T12:00:00Z ERROR boom'],
        ['1:1', '    at a.b(C.java:1)'],
        ['1:1', '    at d.e(F.java:2)'],
        ['2:2', '    at g.h(I.java:3)'],
        ['2:2', '2026-12-07T12:00:01Z ERROR bang'],
      ]),
      NOW,
    );
    // boom (with its two frames), the other file's first line on its own, bang.
    expect(c.entries).toBe(3);
    expect(c.counts.reduce((a, x) => a + x.count, 0)).toBe(3);
  });

  it('redacts examples, keeps at most 3 distinct, and offers none once the store has them', () => {
    const k = counter();
    const lines = Array.from({ length: 20 }, (_, i) => `<30>Dec  7 12:00:0${i % 10} web-1 app[1]: login from 10.0.0.${i % 4} password=s3cr3t ok`);
    const first = k.count(fileBatch(lines), NOW);
    expect(first.templates[0]!.examples).toHaveLength(3);
    for (const ex of first.templates[0]!.examples) expect(ex).not.toContain('s3cr3t');
    k.noteStored(first.templates);
    const second = k.count(fileBatch(lines.slice(0, 5)), NOW);
    expect(second.templates[0]!.examples).toEqual([]);
    expect(second.templates[0]!.id).toBe(first.templates[0]!.id);
  });

  it('counts journal records as entries', () => {
    const entry = {
      source: 'journal',
      time: NOW - MIN,
      priority: 3 as const,
      severityBasis: 'journal' as const,
      app: 'nginx.service',
      pid: 1,
      host: null,
      message: 'upstream timed out',
      line: 1,
      lineCount: 1,
    };
    const batch: SourceBatch = {
      kind: 'journal',
      source: 'journal',
      records: [1, 2].map((i) => ({ entry, cursor: `c${i}`, unit: 'nginx.service', identifier: null, comm: null, truncated: false })),
      checkpoint: { source: 'journal', seq: 1, state: {} },
      stats: emptyStats(),
    };
    const c = new BatchCounter({ source: 'journal', format: null, miner: new TemplateMiner(), redactor: createRedactor(), maxTemplates: 10 }).count(batch, NOW);
    expect(c.counts).toEqual([{ templateId: c.templates[0]!.id, severity: 'err', source: 'journal', minute: Math.floor((NOW - MIN) / MIN) * MIN, count: 2 }]);
  });
});
