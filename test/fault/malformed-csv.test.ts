import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLineReason, runCliAll } from '../utils/run-cli.js';
import { figure } from '../utils/figure.js';

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');
const H = 'timestamp,value';

// `checkup forecast --csv FILE` on files a user (or a broken export) produces: exit 2 with one
// line saying what is wrong and where, never a stack trace, never a forecast of garbage.
const CSVS: Array<{ name: string; body: string | Buffer | null; reason: RegExp; args?: string[] }> = [
  { name: 'empty', body: '', reason: /line 1: expected the header "timestamp,value", got ""/ },
  { name: 'header-only', body: `${H}\n`, reason: /no data rows/ },
  { name: 'wrong-header', body: 'time,value\n1,2\n', reason: /line 1: expected the header "timestamp,value", got "time,value"/ },
  { name: 'three-columns', body: 'timestamp,value,host\n1,2,a\n', reason: /line 1: expected the header/ },
  { name: 'bom-bad-row', body: `\uFEFF${H}\n1000,1\nx,2\n`, reason: /unparsable rows at line 3/ },
  { name: 'text-value', body: `${H}\n1000,1\n2000,high\n`, reason: /unparsable rows at line 3/ },
  { name: 'garbage-time', body: `${H}\nyesterday,1\n`, reason: /unparsable rows at line 2/ },
  { name: 'extra-field', body: `${H}\n1000,1,2\n`, reason: /unparsable rows at line 2/ },
  { name: 'nan', body: `${H}\n1000,NaN\n2000,1\n`, reason: /unparsable rows at line 2/ },
  { name: 'infinity', body: `${H}\n1000,Infinity\n`, reason: /unparsable rows at line 2/ },
  { name: 'overflow', body: `${H}\n1000,1e400\n`, reason: /unparsable rows at line 2/ },
  { name: 'decreasing', body: `${H}\n3000,1\n2000,2\n`, reason: /timestamps must increase: line 3 is not after line 2/ },
  { name: 'duplicate-time', body: `${H}\n1000,1\n1000,2\n`, reason: /timestamps must increase: line 3/ },
  { name: 'uneven', body: `${H}\n${rows(30, (i) => `${i * 1000 + (i === 20 ? 400 : 0)},${i}`)}\n`, reason: /timestamps must be evenly spaced/ },
  { name: 'huge-gap', body: `${H}\n${rows(10, (i) => `${i * 1000},${i}`)}\n${1e12},1\n`, reason: /a gap of \d+ missing samples is too long/ },
  { name: 'too-few', body: `${H}\n1000,1\n2000,2\n`, reason: /too few|at least|observations/i },
  { name: 'all-missing', body: `${H}\n${rows(50, (i) => `${i * 1000},`)}\n`, reason: /too few|no observations|observations/i },
  { name: 'binary', body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), reason: /line 1: expected the header/ },
  { name: 'latin1', body: Buffer.from(`${H}\n1000,\xe9\n`, 'latin1'), reason: /unparsable rows at line 2/ },
  { name: 'long-line', body: `${H}\n${'9'.repeat(1_000_000)},1\n`, reason: /unparsable rows at line 2|timestamp|no data/ },
  { name: 'float-time', body: `${H}\n1.5,1\n2.5,2\n`, reason: /unparsable rows at lines 2, 3/ },
  { name: 'negative-time', body: `${H}\n-1000,1\n`, reason: /unparsable rows at line 2/ },
  { name: 'many-bad-rows', body: `${H}\n${rows(50, (i) => `bad${i},x`)}\n`, reason: /unparsable rows at lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 40 more/ },
  { name: 'directory', body: null, reason: /cannot read .*directory: EISDIR/ },
  { name: 'too-large', body: 'sparse', reason: /too-large\.csv is \d+ bytes, more than the 67108864 a forecast reads/ },
  { name: 'bad-season', body: `${H}\n1000,1\n`, args: ['--season', '1.5'], reason: /--season must be a positive integer, got "1\.5"/ },
  { name: 'bad-threshold', body: `${H}\n1000,1\n`, args: ['--threshold', 'lots'], reason: /--threshold must be a number, got "lots"/ },
];

describe('malformed CSVs: checkup forecast exits 2 with one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-bad-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = CSVS.map((c) => {
    const file = join(dir, c.body === null ? 'directory' : `${c.name}.csv`);
    if (c.body === null) mkdirSync(file);
    else if (c.body === 'sparse') {
      writeFileSync(file, `${H}\n`);
      truncateSync(file, 65 * 1024 * 1024);
    } else writeFileSync(file, c.body);
    return file;
  });

  it(`${CSVS.length} files`, async () => {
    expect(CSVS.length).toBeGreaterThanOrEqual(20);
    const results = await runCliAll(CSVS, (c) => ({ args: ['forecast', '--csv', files[CSVS.indexOf(c)]!, ...(c.args ?? [])] }), 3);
    const problems: string[] = [];
    CSVS.forEach((c, i) => {
      const r = results[i]!;
      const line = oneLineReason(r.stderr);
      if (r.status !== 2) problems.push(`${c.name}: exit ${r.status} (${r.stderr.slice(0, 300)})`);
      if (line === null) problems.push(`${c.name}: not one line:\n${r.stderr.slice(0, 500)}`);
      else if (!c.reason.test(line)) problems.push(`${c.name}: "${line.slice(0, 300)}" does not match ${c.reason}`);
      if (r.stdout !== '') problems.push(`${c.name}: printed a forecast: ${r.stdout.slice(0, 100)}`);
    });
    expect(problems).toEqual([]);
    figure('malformed CSVs', { files: CSVS.length, exit2OneLine: CSVS.length - problems.length });
  }, 200_000);
});
