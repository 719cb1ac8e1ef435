/**
 * `checkup logs top` against a store a real agent process wrote: the --json contract (exact keys,
 * ISO times, previous period and change, new templates, sources), attacker-written text kept as
 * data, and an unknown host or a bad period as exit 2 with one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisLogRepo } from '../../src/logs/store/index.js';
import { startAgentProcess, logAgentConfig, type AgentProcess } from '../utils/agent-process.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../utils/redis.js';
import { oneLineReason, runCli } from '../utils/run-cli.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const XSS = '<img src=x onerror=alert(1)>';
// The miner masks `alert(1)>` (it holds a digit); the rest of the username stays as the user wrote it.
const XSS_TEMPLATE = 'Invalid user <img src=x onerror=<*> from <*> port <*>';
const dir = mkdtempSync(join(tmpdir(), 'checkup-logs-top-'));
const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
let agent: AgentProcess;
let configFile: string;

const at = (t: number, msg: string) => `${new Date(t).toISOString()} web-1 sshd[7]: ${msg}`;
const now = Date.now();
const lines = [
  // The day before: the previous period of `--period day`.
  ...Array.from({ length: 4 }, (_, i) => at(now - 30 * HOUR, `Failed password for user${i} from 10.0.0.${i} port 22 ssh2`)),
  ...Array.from({ length: 6 }, (_, i) => at(now - HOUR, `Failed password for user${i} from 10.0.1.${i} port 22 ssh2`)),
  ...Array.from({ length: 3 }, (_, i) => at(now - HOUR, `Invalid user ${XSS} from 10.0.2.${i} port 22`)),
];

beforeAll(async () => {
  writeFileSync(join(dir, 'auth.log'), `${lines.join('\n')}\n`);
  const raw = logAgentConfig({
    dataDir: join(dir, 'data'),
    redisUrl: TEST_REDIS_URL,
    prefix,
    host: 'top-e2e',
    files: [{ name: 'auth', paths: [join(dir, 'auth.log')], format: 'syslog', startAt: 'beginning' }],
  });
  agent = startAgentProcess({ dir, raw });
  configFile = join(dir, 'checkup.json');
  await agent.waitForLog('agent started');
  const repo = createRedisLogRepo({ redis, prefix, retention: { rawMs: DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const t = await repo.templates({ host: 'top-e2e', from: now - 2 * DAY, to: now + DAY });
    if (t.reduce((a, x) => a + x.count, 0) === lines.length) break;
    if (Date.now() > deadline) throw new Error(`agent did not count the lines: ${agent.log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await agent?.stop();
  await cleanupPrefix(prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const top = (args: string[]) => runCli(['logs', 'top', ...args], { env: { CHECKUP_CONFIG: configFile } });

describe('checkup logs top', () => {
  it('prints the JSON contract from what the agent stored', async () => {
    const r = await top(['--host', 'top-e2e', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['host', 'period', 'templates', 'newTemplates', 'sources']);
    expect(out.host).toBe('top-e2e');
    const period = out.period as { from: string; to: string };
    expect(Date.parse(period.to) - Date.parse(period.from)).toBe(DAY);
    expect(Date.parse(period.to)).toBeGreaterThan(now);
    const templates = out.templates as Array<Record<string, unknown>>;
    expect(templates.map((t) => Object.keys(t))).toEqual(templates.map(() => ['id', 'template', 'count', 'severity', 'previous', 'change']));
    expect(templates.map((t) => [t.template, t.count, t.previous, t.change, t.severity])).toEqual([
      ['Failed password for <*> from <*> port <*> ssh2', 6, 4, 0.5, 'warning'],
      [XSS_TEMPLATE, 3, 0, null, 'err'],
    ]);
    expect(templates.every((t) => /^[0-9a-f]{12}$/.test(t.id as string))).toBe(true);
    // First seen yesterday, so only the XSS template is new in this day.
    const fresh = out.newTemplates as Array<Record<string, unknown>>;
    expect(fresh.map((t) => [t.template, t.count])).toEqual([[XSS_TEMPLATE, 3]]);
    expect(Object.keys(fresh[0]!)).toEqual(['id', 'template', 'count', 'severity', 'firstSeen']);
    expect(Math.abs(Date.parse(fresh[0]!.firstSeen as string) - (now - HOUR))).toBeLessThan(60_000);
    const sources = out.sources as Array<Record<string, unknown>>;
    expect(sources).toEqual([{ source: 'auth', since: expect.any(String), lastRead: expect.any(String), problem: null }]);
    expect(Number.isNaN(Date.parse(sources[0]!.since as string))).toBe(false);
  });

  it('keeps the attacker-chosen username as data in the stored examples', async () => {
    const repo = createRedisLogRepo({ redis, prefix, retention: { rawMs: DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
    const [t] = await repo.templates({ host: 'top-e2e', from: now - 2 * DAY, to: now + DAY, filter: { minSeverity: 'err' } });
    expect(t?.template).toBe(XSS_TEMPLATE);
    expect(t?.examples).toEqual([
      `Invalid user ${XSS} from 10.0.2.0 port 22`,
      `Invalid user ${XSS} from 10.0.2.1 port 22`,
      `Invalid user ${XSS} from 10.0.2.2 port 22`,
    ]);
  });

  it('compares a week with the week before, and prints a table without --json', async () => {
    const week = await top(['--host', 'top-e2e', '--period', 'week', '--json']);
    expect(week.status).toBe(0);
    const out = JSON.parse(week.stdout.trimEnd().split('\n').at(-1)!) as { templates: Array<{ count: number; previous: number }>; newTemplates: unknown[] };
    expect(out.templates.map((t) => [t.count, t.previous])).toEqual([
      [10, 0],
      [3, 0],
    ]);
    expect(out.newTemplates).toHaveLength(2);
    const text = await top(['--host', 'top-e2e']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('+50%');
    expect(text.stdout).toContain(XSS_TEMPLATE);
  });

  it('an unknown host, a bad period or no host: exit 2 with one line', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--host', 'no-such-host'], /unknown host "no-such-host"/],
      [['--host', 'top-e2e', '--period', 'month'], /--period must be day or week/],
      [[], /--host H is required/],
      [['--host', '../etc'], /not a host id/],
    ];
    for (const [args, reason] of cases) {
      const r = await top(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(oneLineReason(r.stderr), r.stderr).toMatch(reason);
      expect(r.stdout).toBe('');
    }
  });
});
