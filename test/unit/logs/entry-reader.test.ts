import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/logs/types.js';
import {
  EntryReader,
  LineSplitter,
  MAX_ENTRY_CHARS,
  MAX_FOLD_LINES,
  MAX_LINE_BYTES,
  detectFormat,
  keywordPriority,
  parserFor,
  splitLines,
  type LineParser,
} from '../../../src/logs/parse/index.js';

const utc = { timeZone: 'UTC' as const, referenceTime: Date.UTC(2023, 11, 10) };

function read(lines: string[], parser: LineParser): { entries: LogEntry[]; reader: EntryReader } {
  const reader = new EntryReader('test', parser);
  const entries: LogEntry[] = [];
  for (const l of lines) {
    const e = reader.push(l);
    if (e) entries.push(e);
  }
  const last = reader.flush();
  if (last) entries.push(last);
  return { entries, reader };
}

const iso = parserFor('iso', utc) as LineParser;

describe('multi-line folding', () => {
  it('folds a Java stack trace into its first line and keeps the line numbers', () => {
    const lines = [
      '2023-12-07 15:44:19,123 INFO [main] Foo - started',
      '2023-12-07 15:44:20,000 ERROR [main] Foo - request failed',
      'java.lang.IllegalStateException: boom',
      '\tat com.example.Foo.bar(Foo.java:42)',
      'Caused by: java.io.IOException: closed',
      '\t... 12 more',
      '2023-12-07 15:44:21,000 INFO [main] Foo - next',
    ];
    const { entries, reader } = read(lines, iso);
    expect(entries.map((e) => [e.line, e.lineCount])).toEqual([
      [1, 1],
      [2, 5],
      [7, 1],
    ]);
    expect(entries[1]!.message).toBe(['[main] Foo - request failed', ...lines.slice(2, 6)].join('\n'));
    expect(reader.stats).toMatchObject({ lines: 7, entries: 3, folded: 4 });
  });

  it('folds a Python traceback under a syslog line', () => {
    const lines = [
      'Dec  7 15:44:19 h app[1]: unhandled error',
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'ValueError: bad',
      'Dec  7 15:44:20 h app[1]: ok',
    ];
    const { entries } = read(lines, parserFor('syslog', utc) as LineParser);
    expect(entries.map((e) => e.lineCount)).toEqual([4, 1]);
  });

  it('in plain files folds only indented and trace-shaped lines', () => {
    const { entries } = read(['first', '  indented', '', 'second', 'Caused by: x', 'third'], parserFor('plain') as LineParser);
    expect(entries.map((e) => [e.line, e.lineCount, e.message.split('\n')[0]])).toEqual([
      [1, 3, 'first'],
      [4, 2, 'second'],
      [6, 1, 'third'],
    ]);
  });

  it('gives a first line that continues nothing an entry of its own', () => {
    const { entries } = read(['\tat a.b(C.java:1)', '2023-12-07T15:44:19Z INFO ok'], iso);
    expect(entries.map((e) => [e.line, e.lineCount, e.message])).toEqual([
      [1, 1, '\tat a.b(C.java:1)'],
      [2, 1, 'ok'],
    ]);
  });

  it('stops folding at MAX_FOLD_LINES and stops taking text at MAX_ENTRY_CHARS', () => {
    const lines = ['2023-12-07T15:44:19Z ERROR boom', ...Array.from({ length: MAX_FOLD_LINES + 10 }, (_, i) => `\tat frame${i} ${'x'.repeat(200)}`)];
    const { entries, reader } = read(lines, iso);
    expect(entries.map((e) => e.lineCount)).toEqual([MAX_FOLD_LINES, 11]);
    expect(entries[0]!.message.length).toBeLessThanOrEqual(MAX_ENTRY_CHARS);
    expect(reader.stats.cappedEntries).toBe(1);
    expect(entries.reduce((n, e) => n + e.lineCount, 0)).toBe(lines.length);
  });
});

describe('severity, in the order journal > syslog PRI > level field > keywords', () => {
  it('takes PRI over words in the message, the level field over keywords, keywords last', () => {
    const syslog = parserFor('syslog', utc) as LineParser;
    expect(read(['<14>Dec  7 15:44:19 h app: fatal error ahead'], syslog).entries[0]).toMatchObject({ priority: 6, severityBasis: 'syslog-pri' });
    expect(read(['Dec  7 15:44:19 h sshd[9]: Failed password for root'], syslog).entries[0]).toMatchObject({ priority: 4, severityBasis: 'keyword' });
    expect(read(['Dec  7 15:44:19 h sshd[9]: Accepted publickey'], syslog).entries[0]).toMatchObject({ priority: null, severityBasis: 'none' });
    expect(read(['2023-12-07T15:44:19Z INFO the error count is zero'], iso).entries[0]).toMatchObject({ priority: 6, severityBasis: 'level-field' });
    const journal = JSON.stringify({ PRIORITY: '2', MESSAGE: 'all fine, no error', __REALTIME_TIMESTAMP: '1' });
    expect(read([journal], parserFor('journal') as LineParser).entries[0]).toMatchObject({ priority: 2, severityBasis: 'journal' });
  });

  it('reads keywords as whole words, the most severe one winning, in folded text too', () => {
    expect(keywordPriority('3 errors, 0 warnings')).toBeNull();
    expect(keywordPriority('connection refused, then a kernel panic')).toBe(2);
    expect(keywordPriority('Traceback in the worker')).toBe(3);
    expect(read(['worker stopped', '  java.lang.NullPointerException in thread'], parserFor('plain') as LineParser).entries[0]).toMatchObject({
      priority: 3,
      severityBasis: 'keyword',
    });
  });
});

describe('hostile input', () => {
  it('cuts a 5 MB line at MAX_LINE_BYTES, counts it, and loses neither line around it', () => {
    const data = Buffer.concat([Buffer.from('before\n'), Buffer.alloc(5 * 1024 * 1024, 'A'), Buffer.from('\nafter\n')]);
    const lines = splitLines(data);
    expect(lines.map((l) => [l.text.length, l.truncated])).toEqual([
      [6, false],
      [MAX_LINE_BYTES, true],
      [5, false],
    ]);
    const reader = new EntryReader('t', parserFor('plain') as LineParser);
    for (const l of lines) reader.push(l.text, { truncated: l.truncated });
    reader.flush();
    expect(reader.stats.truncatedLines).toBe(1);
  });

  it('cuts at a character boundary, never inside a UTF-8 sequence', () => {
    const euro = '€'; // 3 bytes
    const [line] = splitLines(Buffer.from(euro.repeat(30_000)), MAX_LINE_BYTES);
    expect(line!.truncated).toBe(true);
    expect(line!.text).toBe(euro.repeat(Math.floor(MAX_LINE_BYTES / 3)));
  });

  it('gives the same lines whatever the chunking, CRLF and a missing final newline included', () => {
    const data = Buffer.from('a\r\nbé\n\nlast');
    const whole = splitLines(data).map((l) => l.text);
    const bytewise: string[] = [];
    const s = new LineSplitter((l) => bytewise.push(l.text));
    for (const b of data) s.write(Buffer.from([b]));
    s.end();
    expect(whole).toEqual(['a', 'bé', '', 'last']);
    expect(bytewise).toEqual(whole);
  });

  it('turns invalid UTF-8 into U+FFFD and parses around it', () => {
    const bad = Buffer.concat([Buffer.from('Dec  7 15:44:19 h sshd[1]: user '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(' failed\n')]);
    const [line] = splitLines(bad);
    expect(line!.text).toContain('\uFFFD');
    const { entries } = read([line!.text], parserFor('syslog', utc) as LineParser);
    expect(entries[0]).toMatchObject({ app: 'sshd', pid: 1, priority: 4 });
  });

  it('reads binary garbage with every parser and auto without throwing', () => {
    let seed = 7;
    const bytes = Buffer.alloc(256 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const lines = splitLines(bytes).map((l) => l.text);
    for (const format of ['syslog', 'journal', 'json', 'logfmt', 'iso', 'apache', 'nginx', 'plain', '<Date> <Time> <Level> <Content>']) {
      const { entries } = read(lines, parserFor(format, utc) as LineParser);
      expect(
        entries.reduce((n, e) => n + e.lineCount, 0),
        format,
      ).toBe(lines.length);
    }
    expect(() => detectFormat(lines)).not.toThrow();
  });
});
