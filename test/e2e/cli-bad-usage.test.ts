import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { oneLineReason, runCli, runCliAll } from '../utils/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-cli-bad-'));
const good = join(dir, 'good.yml');
// Nothing listens on port 1: commands that need Redis fail at runtime (exit 1), still in one line.
writeFileSync(
  good,
  `dataDir: ${join(dir, 'data')}\nredis: { url: "redis://127.0.0.1:1", prefix: checkup-test-bad-usage, embedded: false }\nlog: { level: silent }\n`,
);
const badConfig = join(dir, 'bad.yml');
writeFileSync(badConfig, 'render:\n  timeout: 25d\n');
const badSecurity = join(dir, 'bad-security.yml');
writeFileSync(badSecurity, 'security:\n  ports: { allow: [ssh] }\n');
const corruptBaseline = join(dir, 'corrupt.json');
writeFileSync(corruptBaseline, '{"time": 1, "files": [');
const csv = join(dir, 'bad.csv');
writeFileSync(csv, 'time,val\n1,2\n');

type Case = { args: string[]; code: 1 | 2; reason: RegExp };
const c = (code: 1 | 2, reason: RegExp, ...args: string[]): Case => ({ args, code, reason });

// Every command, with the bad invocations a user makes: wrong option, missing argument or file,
// bad values. Usage and config problems are exit 2; a runtime failure (no Redis) is exit 1.
const CASES: Case[] = [
  c(2, /unknown command 'frobnicate'/, 'frobnicate'),
  c(2, /unknown option '--nope'/, '--nope'),
  c(2, /argument missing|option '-c, --config <file>' argument missing/, '--config'),
  ...(['start', 'agent', 'worker'] as const).flatMap((role) => [
    c(2, /unknown option '--bogus'/, role, '--bogus'),
    c(2, /too many arguments/, role, 'extra'),
    c(2, /missing\.yml: cannot read config file \(ENOENT\)/, '--config', join(dir, 'missing.yml'), role),
    c(2, /bad\.yml: render\.timeout: duration "25d" is out of range/, '--config', badConfig, role),
  ]),
  c(2, /unknown option '--bind-all'/, 'web', '--bind-all'),
  c(2, /--port: not a port number: "http"/, '--config', good, 'web', '--port', 'http'),
  c(2, /needs web\.token|token/, '--config', good, 'web', '--bind', '0.0.0.0', '--port', '0'),
  c(2, /missing required argument 'name'/, 'report'),
  c(2, /no report named "nosuch"/, '--config', good, 'report', 'nosuch'),
  c(2, /--from: not an ISO-8601 time or epoch ms: "yesterday"/, '--config', good, 'report', 'daily', '--from', 'yesterday', '--to', '2025-01-01'),
  c(2, /use either --period or --from\/--to/, '--config', good, 'report', 'daily', '--period', 'day', '--from', '1'),
  c(2, /argument 'fortnight' is invalid/, '--config', good, 'report', 'daily', '--period', 'fortnight'),
  c(2, /--email: not an email address: "root"/, '--config', good, 'report', 'daily', '--email', 'root'),
  c(2, /--host: not a host id: "\.\.\/etc"/, '--config', good, 'report', 'daily', '--host', '../etc'),
  c(2, /--timeout must be a whole number of seconds/, '--config', good, 'report', 'daily', '--wait', '--timeout', 'soon'),
  c(1, /Redis is not answering at redis:\/\/127\.0\.0\.1:1/, '--config', good, 'report', 'daily'),
  c(2, /`checkup config` needs a subcommand: check/, 'config'),
  c(2, /missing\.yml: cannot read config file/, 'config', 'check', join(dir, 'missing.yml')),
  c(2, /render\.timeout: duration "25d" is out of range/, 'config', 'check', badConfig),
  c(2, /`checkup archive` needs a subcommand: list, get, verify, prune/, 'archive'),
  c(2, /unknown command "checkup archive shred"/, 'archive', 'shred'),
  c(2, /missing required argument 'ref'/, 'archive', 'get'),
  c(2, /no archived report or entry "nope"/, '--config', good, 'archive', 'get', 'nope'),
  c(2, /unknown option '--force'/, 'archive', 'prune', '--force'),
  c(2, /bad\.yml: render\.timeout/, '--config', badConfig, 'archive', 'list'),
  c(2, /--limit must be a whole number from 1 to 500, got "lots"/, '--config', good, 'deliveries', '--limit', 'lots'),
  c(1, /Redis is not answering/, '--config', good, 'deliveries'),
  c(2, /--hosts must be a whole number from 1 to 10000, got "0"/, '--config', good, 'simulate', '--hosts', '0'),
  c(2, /--step must be a duration from 10s to 1d, got "1s"/, '--config', good, 'simulate', '--step', '1s'),
  c(2, /--step must be a duration from 10s to 1d, got "999999d"/, '--config', good, 'simulate', '--step', '999999d'),
  c(2, /--from: not an ISO-8601 time or epoch ms: "9{30}"/, '--config', good, 'report', 'daily', '--from', '9'.repeat(30), '--to', '9'.repeat(31)),
  c(2, /--csv FILE is required/, 'forecast'),
  c(2, /cannot read .*nope\.csv: ENOENT/, 'forecast', '--csv', join(dir, 'nope.csv')),
  c(2, /line 1: expected the header "timestamp,value", got "time,val"/, 'forecast', '--csv', csv),
  c(2, /--season must be a positive integer, got "-3"/, 'forecast', '--csv', csv, '--season=-3'),
  c(2, /--model must be one of/, 'forecast', '--csv', csv, '--model', 'arima'),
  c(2, /`checkup logs` needs a subcommand: analyze, top/, 'logs'),
  c(2, /--file FILE is required/, 'logs', 'analyze'),
  c(2, /cannot read .*nope\.log: ENOENT/, 'logs', 'analyze', '--file', join(dir, 'nope.log')),
  c(2, /cannot read .*: not a regular file/, 'logs', 'analyze', '--file', dir),
  c(2, /unknown format "xml"/, 'logs', 'analyze', '--file', csv, '--format', 'xml'),
  c(2, /has no <Content> field/, 'logs', 'analyze', '--file', csv, '--format', '<Date> <Time>'),
  c(2, /unknown option '--follow'/, 'logs', 'analyze', '--file', csv, '--follow'),
  c(2, /--host H is required/, 'logs', 'top'),
  c(2, /--period must be day or week, got "month"/, 'logs', 'top', '--host', 'web-1', '--period', 'month'),
  c(2, /--host: not a host id: "a\/b"/, 'logs', 'top', '--host', 'a/b'),
  c(1, /Redis is not answering/, '--config', good, 'logs', 'top', '--host', 'web-1'),
  c(2, /`checkup security` needs a subcommand: scan, ports, files, logins/, 'security'),
  c(2, /--file FILE is required/, 'security', 'scan'),
  c(2, /cannot read .*nope\.log: ENOENT/, 'security', 'scan', '--file', join(dir, 'nope.log')),
  c(2, /cannot read .*: not a regular file/, 'security', 'scan', '--file', dir),
  c(2, /--limit must be an integer from 1 to 100000, got "0"/, '--config', good, 'security', 'logins', '--limit', '0'),
  c(2, /security\.ports\.allow\.0: not a port rule "ssh"/, '--config', badSecurity, 'security', 'ports'),
  c(2, /the files baseline .*corrupt\.json is not valid JSON/, '--config', good, 'security', 'files', '--baseline', corruptBaseline),
];

describe('every command on bad input: one line "checkup: <reason>", exit 2 (usage, config) or 1 (runtime), no stack', () => {
  // A role that fails on the way up (here: its web port is taken) says so in one line and exits,
  // instead of living on with its agent and workers but no console.
  describe('a role whose start fails', () => {
    const prefix = testPrefix();
    let busy: Server;
    let port = 0;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
      port = (busy.address() as { port: number }).port;
    });
    afterAll(async () => {
      busy.close();
      await cleanupPrefix(prefix);
    });
    it('exits 1 with one line when the web port is taken', async () => {
      const config = join(dir, 'busy.yml');
      writeFileSync(
        config,
        `dataDir: ${join(dir, 'busy-data')}\nredis: { url: "${TEST_REDIS_URL}", prefix: ${prefix}, embedded: false }\nlog: { level: silent }\nweb: { port: ${port} }\n`,
      );
      const r = await runCli(['--config', config, 'start'], { env: { CHECKUP_CONFIG: '', REDIS_URL: '' }, timeoutMs: 90_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(oneLineReason(r.stderr)).toMatch(/^checkup: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+ \(run with --verbose for the stack\)$/);
    }, 120_000);
  });

  it(`holds for ${CASES.length} bad invocations`, async () => {
    const results = await runCliAll(CASES, (k) => ({ args: k.args, env: { CHECKUP_CONFIG: '', REDIS_URL: '' } }), 2);
    const problems: string[] = [];
    CASES.forEach((k, i) => {
      const r = results[i]!;
      const line = oneLineReason(r.stderr);
      const name = `checkup ${k.args.join(' ')}`;
      if (r.status !== k.code) problems.push(`${name}: exit ${r.status}, expected ${k.code} (${r.stderr.slice(0, 300)})`);
      if (line === null) problems.push(`${name}: stderr is not one "checkup: " line:\n${r.stderr.slice(0, 600)}`);
      else if (!k.reason.test(line)) problems.push(`${name}: "${line}" does not match ${k.reason}`);
      if (r.stdout !== '') problems.push(`${name}: wrote to stdout: ${r.stdout.slice(0, 200)}`);
    });
    expect(problems).toEqual([]);
  }, 400_000);
});
