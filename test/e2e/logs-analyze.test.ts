/**
 * `checkup logs analyze` as other tools script it: the --json contract (last stdout line, exact
 * keys, `lines` only with --lines, one id per input line with folded lines on their entry's id),
 * attacker-written lines coming out as data, and hostile files read without a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliAll } from '../utils/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-logs-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

type Output = { templates: Array<Record<string, unknown>>; lines?: string[] };
const lastJson = (stdout: string): Output => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Output;

const XSS = '<img src=x onerror=alert(1)>';
const authLog = file(
  'auth.log',
  [
    'Dec  7 15:44:19 web-1 sshd[100]: Failed password for root from 10.0.0.9 port 52100 ssh2',
    'Dec  7 15:44:21 web-1 sshd[100]: Failed password for root from 10.0.0.9 port 52101 ssh2',
    '<86>Dec  7 15:44:22 web-1 sshd[101]: Accepted publickey for deploy from 10.0.0.7 port 40000 ssh2',
    `Dec  7 15:44:23 web-1 sshd[102]: Invalid user ${XSS} from 10.0.0.66 port 4444`,
    'Dec  7 15:44:24 web-1 app[7]: request failed',
    'Traceback (most recent call last):',
    '  File "app.py", line 3, in <module>',
    'ValueError: \u001b[31mred\u001b[0m',
    'Dec  7 15:44:25 web-1 sshd[100]: Failed password for root from 10.0.0.9 port 52102 ssh2',
    '',
  ].join('\n'),
);

describe('checkup logs analyze', () => {
  it('--json: the last line is one object with the four keys per template, and no lines', async () => {
    const r = await runCli(['logs', 'analyze', '--file', authLog, '--format', 'syslog', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(Object.keys(out)).toEqual(['templates']);
    for (const t of out.templates) expect(Object.keys(t)).toEqual(['id', 'template', 'count', 'severity']);
    const failed = out.templates.find((t) => t.template === 'Failed password for root from <*> port <*> ssh2');
    expect(failed).toMatchObject({ count: 3, severity: 'warning' });
    expect(out.templates.find((t) => String(t.template).startsWith('Accepted publickey'))).toMatchObject({ count: 1, severity: 'info' });
    expect(out.templates.find((t) => t.template === 'request failed')).toMatchObject({ count: 1, severity: 'err' });
    expect(out.templates.reduce((n, t) => n + (t.count as number), 0)).toBe(6);
  });

  it('--json --lines: one id per input line in order; folded lines carry their entry id', async () => {
    const r = await runCli(['logs', 'analyze', '--file', authLog, '--json', '--lines']);
    expect(r.status, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.lines).toHaveLength(9);
    const ids = new Set(out.templates.map((t) => t.id));
    for (const id of out.lines!) expect(ids.has(id)).toBe(true);
    expect(out.lines![0]).toBe(out.lines![1]);
    expect(out.lines![8]).toBe(out.lines![0]);
    expect(new Set(out.lines!.slice(4, 8)).size).toBe(1);
    expect(out.lines![4]).not.toBe(out.lines![0]);
  });

  it('keeps a username like <img src=x onerror=alert(1)> as data: JSON parses, the text is there, the table escapes terminal codes', async () => {
    const [json, table] = await runCliAll([['--json'], []], (extra) => ({ args: ['logs', 'analyze', '--file', authLog, '--format', 'syslog', ...extra] }), 2);
    expect(json!.status, json!.stderr).toBe(0);
    const tpl = lastJson(json!.stdout).templates.map((t) => String(t.template));
    expect(tpl.some((t) => t.includes('<img src=x onerror='))).toBe(true);
    expect(table!.status, table!.stderr).toBe(0);
    expect(table!.stdout).toContain('Invalid user <img src=x onerror=');
    expect(table!.stdout).not.toContain('\u001b');
    expect(table!.stdout).toMatch(/COUNT\s+SEVERITY\s+ID\s+TEMPLATE/);
  });

  it('reads a journalctl -o json export', async () => {
    const rows = [
      { __REALTIME_TIMESTAMP: '1701963859000000', PRIORITY: '3', _SYSTEMD_UNIT: 'nginx.service', MESSAGE: 'worker 12 died' },
      { __REALTIME_TIMESTAMP: '1701963860000000', PRIORITY: '3', _SYSTEMD_UNIT: 'nginx.service', MESSAGE: 'worker 13 died' },
      { __REALTIME_TIMESTAMP: '1701963861000000', PRIORITY: '6', _SYSTEMD_UNIT: 'cron.service', MESSAGE: [104, 105] },
    ];
    const r = await runCli(['logs', 'analyze', '--file', file('journal.json', rows.map((x) => JSON.stringify(x)).join('\n')), '--format', 'journal', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(lastJson(r.stdout).templates).toEqual([
      { id: expect.any(String), template: 'worker <*> died', count: 2, severity: 'err' },
      { id: expect.any(String), template: 'hi', count: 1, severity: 'info' },
    ]);
  });

  it('reads a file with a 5 MB line, invalid UTF-8 and binary garbage: exit 0, every line counted', async () => {
    const hostile = Buffer.concat([
      Buffer.from('first line\n'),
      Buffer.alloc(5 * 1024 * 1024, 'x'),
      Buffer.from('\nbad \xff\xfe utf8\n', 'latin1'),
      Buffer.from([0, 1, 2, 0xc3, 0x28, 10, 0xf0, 0x9f, 10]),
      Buffer.from('last line\n'),
    ]);
    const r = await runCli(['logs', 'analyze', '--file', file('hostile.log', hostile), '--json', '--lines']);
    expect(r.status, r.stderr).toBe(0);
    expect(lastJson(r.stdout).lines).toHaveLength(6);
    const table = await runCli(['logs', 'analyze', '--file', join(dir, 'hostile.log')]);
    expect(table.stdout).toMatch(/1 line\(s\) longer than 64 KiB were cut/);
  });
});
