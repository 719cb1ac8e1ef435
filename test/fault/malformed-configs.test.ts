import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLineReason, runCliAll } from '../utils/run-cli.js';
import { figure } from '../utils/figure.js';

const HTTP_CHECK = (extra: string) => `checks:\n  - { name: web, kind: http, url: "http://127.0.0.1:9/", ${extra} }\n`;
const LAUGHS = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
].join('\n');

// Each file has one problem; `config check` and a role starting with it must exit 2 with one line
// naming where it is and what it holds, never a stack trace and never a run that breaks later.
const CONFIGS: Array<{ name: string; yaml: string | Buffer; reason: RegExp }> = [
  { name: 'render-timeout-zero', yaml: 'render:\n  timeout: 0\n', reason: /render\.timeout: duration 0 is out of range \(1s to 1h\)/ },
  { name: 'render-timeout-25d', yaml: 'render:\n  timeout: 25d\n', reason: /render\.timeout: duration "25d" is out of range/ },
  {
    name: 'render-timeout-huge',
    yaml: 'render:\n  timeout: 999999999999999999999d\n',
    reason: /render\.timeout: duration "999999999999999999999d" is out of range/,
  },
  {
    name: 'render-timeout-float-overflow',
    yaml: 'render:\n  timeout: 1e400\n',
    reason: /render\.timeout: invalid duration \(use e\.g\. 10s, 5m, 2h, 35d\) \(got Infinity\)/,
  },
  { name: 'agent-interval-zero', yaml: 'agent:\n  interval: 0s\n', reason: /agent\.interval: duration "0s" is out of range \(1s to 1h\)/ },
  { name: 'agent-interval-words', yaml: 'agent:\n  interval: ten seconds\n', reason: /agent\.interval: invalid duration "ten seconds"/ },
  { name: 'lock-duration-zero', yaml: 'jobs:\n  lockDuration: 0s\n', reason: /jobs\.lockDuration: duration "0s" is out of range/ },
  { name: 'stalled-interval-zero', yaml: 'jobs:\n  stalledInterval: 0s\n', reason: /jobs\.stalledInterval: duration "0s" is out of range/ },
  { name: 'retention-raw-zero', yaml: 'retention:\n  raw: 0s\n', reason: /retention\.raw: duration "0s" is out of range/ },
  {
    name: 'retention-minute-below-raw',
    yaml: 'retention:\n  raw: 10d\n  minute: 5d\n',
    reason: /retention\.minute: minute retention 432000000 ms is shorter than raw 864000000 ms/,
  },
  { name: 'spool-zero', yaml: 'agent:\n  spoolMaxBytes: 0\n', reason: /agent\.spoolMaxBytes: size 0 is out of range \(1MB to 100GB\)/ },
  { name: 'mail-from', yaml: 'mail:\n  from: Checkup reports\n', reason: /mail\.from: use an address or "Name <address>" \(got "Checkup reports"\)/ },
  { name: 'message-size-unit', yaml: 'mail:\n  maxMessageBytes: 10TB\n', reason: /mail\.maxMessageBytes: invalid size "10TB"/ },
  { name: 'restart-after-zero', yaml: 'render:\n  restartAfter: 0\n', reason: /render\.restartAfter: .*(>=1|at least|too small).*\(got 0\)/i },
  { name: 'restart-after-billion', yaml: 'render:\n  restartAfter: 1000000000\n', reason: /render\.restartAfter: .*\(got 1000000000\)/ },
  { name: 'evaluate-negative', yaml: 'alerts:\n  evaluateEvery: -5s\n', reason: /alerts\.evaluateEvery: invalid duration "-5s"/ },
  { name: 'repeat-1000d', yaml: 'alerts:\n  repeatInterval: 1000d\n', reason: /alerts\.repeatInterval: duration "1000d" is out of range/ },
  {
    name: 'rule-for-30d',
    yaml: 'alerts:\n  rules:\n    - { name: cpu, type: metric, metric: cpu.total, threshold: 90, for: 30d }\n',
    reason: /alerts\.rules\.0\.for: duration "30d" is out of range/,
  },
  { name: 'check-interval-zero', yaml: HTTP_CHECK('interval: 0s'), reason: /checks\.0\.interval: duration "0s" is out of range/ },
  { name: 'check-timeout-hour', yaml: HTTP_CHECK('timeout: 1h'), reason: /checks\.0\.timeout: duration "1h" is out of range \(100ms to 10m\)/ },
  { name: 'check-retries-1000', yaml: HTTP_CHECK('retries: 1000'), reason: /checks\.0\.retries: .*\(got 1000\)/ },
  {
    name: 'restart-backoff-inverted',
    yaml: `checks:\n  - name: svc\n    kind: tcp\n    host: 127.0.0.1\n    port: 1\n    restart: { unit: svc.service, backoff: { initial: 10m, max: 1m } }\n`,
    reason: /checks\.0\.restart\.backoff\.max: backoff max is shorter than initial/,
  },
  {
    name: 'channel-timeout-zero',
    yaml: 'alerts:\n  channels:\n    hook: { type: webhook, url: "http://127.0.0.1:9/", timeout: 0 }\n',
    reason: /alerts\.channels\.hook\.timeout: duration 0 is out of range/,
  },
  {
    name: 'channel-retries-negative',
    yaml: 'alerts:\n  channels:\n    hook: { type: webhook, url: "http://127.0.0.1:9/", retries: -1 }\n',
    reason: /alerts\.channels\.hook\.retries: .*\(got -1\)/,
  },
  { name: 'catch-up-100d', yaml: 'reports:\n  daily:\n    catchUp: 100d\n', reason: /reports\.daily\.catchUp: duration "100d" is out of range \(0 to 35d\)/ },
  {
    name: 'exit-code-300',
    yaml: 'checks:\n  - { name: c, kind: command, command: [/bin/true], okCodes: [300] }\n',
    reason: /checks\.0\.okCodes\.0: .*\(got 300\)/,
  },
  { name: 'web-port', yaml: 'web:\n  port: 70000\n', reason: /web\.port: .*\(got 70000\)/ },
  { name: 'redis-url', yaml: 'redis:\n  url: http://127.0.0.1:6379\n', reason: /redis\.url: .*\(got "http:\/\/127\.0\.0\.1:6379"\)/ },
  {
    name: 'adhoc-recipient',
    yaml: 'web:\n  adhocRecipients: ["everyone"]\n',
    reason: /web\.adhocRecipients\.0: not an email address or "@domain" \(got "everyone"\)/,
  },
  { name: 'unknown-key', yaml: 'colour: blue\n', reason: /colour: unknown key/ },
  { name: 'billion-laughs', yaml: `${LAUGHS}\n`, reason: /billion-laughs\.yml: too many YAML alias expansions \(more than 100\)/ },
  { name: 'not-a-mapping', yaml: '- agent\n- worker\n', reason: /\(root\): expected a mapping of settings, got \["agent","worker"\]/ },
  { name: 'syntax-error', yaml: 'reports:\n  daily: [unclosed\n', reason: /syntax-error\.yml:\d+: / },
  { name: 'duplicate-key', yaml: 'agent:\n  interval: 10s\nagent:\n  interval: 20s\n', reason: /duplicate-key\.yml:\d+: Map keys must be unique/ },
  { name: 'binary', yaml: Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a, 0x1b, 0x5b, 0x32, 0x4a]), reason: /binary\.yml(:\d+)?: / },
  { name: 'oversized', yaml: `# ${'x'.repeat(1024 * 1024)}\n`, reason: /oversized\.yml: config file is \d+ bytes, more than the 1048576 allowed/ },
];

/** The issue's cases, started as a role too (each start is a Node process on a two-core machine). */
const ROLE_STARTS = new Set([
  'render-timeout-zero',
  'render-timeout-25d',
  'render-timeout-huge',
  'agent-interval-zero',
  'lock-duration-zero',
  'stalled-interval-zero',
  'retention-raw-zero',
  'billion-laughs',
  'check-interval-zero',
  'channel-timeout-zero',
  'redis-url',
  'syntax-error',
]);

describe('malformed configs: config check and the roles exit 2 with one line naming path and value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-bad-configs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = CONFIGS.map((c) => {
    const file = join(dir, `${c.name}.yml`);
    writeFileSync(file, c.yaml);
    return file;
  });

  it(`${CONFIGS.length} configs`, async () => {
    expect(CONFIGS.length).toBeGreaterThanOrEqual(28);
    // config check for every file; the issue's cases also start a role, agent and worker taking turns.
    const runs = CONFIGS.flatMap((c, i) => [
      { c, args: ['config', 'check', files[i]!] },
      ...(ROLE_STARTS.has(c.name) ? [{ c, args: ['--config', files[i]!, i % 2 === 0 ? 'agent' : 'worker'] }] : []),
    ]);
    const results = await runCliAll(runs, (r) => ({ args: r.args, env: { CHECKUP_CONFIG: '', REDIS_URL: '', CHECKUP_LOG_LEVEL: '' } }), 3);
    const problems: string[] = [];
    runs.forEach((r, i) => {
      const res = results[i]!;
      const name = `checkup ${r.args.join(' ').replace(dir, '…')}`;
      const line = oneLineReason(res.stderr);
      if (res.status !== 2) problems.push(`${name}: exit ${res.status} (${res.stderr.slice(0, 300)})`);
      if (line === null) problems.push(`${name}: not one line:\n${res.stderr.slice(0, 500)}`);
      else if (!r.c.reason.test(line)) problems.push(`${name}: "${line.slice(0, 300)}" does not match ${r.c.reason}`);
    });
    expect(problems).toEqual([]);
    figure('malformed configs', { configs: CONFIGS.length, runs: runs.length, exit2OneLine: runs.length - problems.length });
  }, 280_000);
});
