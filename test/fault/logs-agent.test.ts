/**
 * The agent's log stage with real parts: the CLI agent process tails a file that a writer process
 * appends to, while the real logrotate rotates it (create and copytruncate), while the agent is
 * SIGKILLed and restarted, and while its Redis is stopped and started. The store's counts must equal
 * the lines on disk: none lost, none counted twice.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisLogRepo, type LogRepo } from '../../src/logs/store/index.js';
import { logAgentConfig, startAgentProcess, type AgentProcess } from '../utils/agent-process.js';
import { spawnScript, type WatchedChild } from '../utils/child-lines.js';
import { startTestRedisServer, type TestRedisServer } from '../utils/redis-server.js';
import { testPrefix } from '../utils/redis.js';

const run = promisify(execFile);
const LOGROTATE = ['/usr/sbin/logrotate', '/sbin/logrotate', '/usr/bin/logrotate'].find((p) => existsSync(p)) ?? 'logrotate';
const DAY = 86_400_000;
const HOST = 'logs-fault';

let dir: string;
let server: TestRedisServer;
let redis: Redis;
let repo: LogRepo;
let prefix: string;
const agents: AgentProcess[] = [];
let writer: WatchedChild | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'checkup-logs-fault-'));
  server = await startTestRedisServer(dir);
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  prefix = testPrefix();
  repo = createRedisLogRepo({ redis, prefix, retention: { rawMs: DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
});
afterEach(async () => {
  if (writer && writer.child.exitCode === null) writer.child.kill('SIGKILL');
  writer = null;
  for (const a of agents.splice(0)) await a.kill();
  redis.disconnect();
  await server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function agent(files: object[], extra: { readBytesPerTick?: string } = {}): AgentProcess {
  const raw = logAgentConfig({ dataDir: join(dir, 'data'), redisUrl: server.url, prefix, host: HOST, files }) as { logs: { limits: object } };
  if (extra.readBytesPerTick) raw.logs.limits = { ...raw.logs.limits, readBytesPerTick: extra.readBytesPerTick };
  const a = startAgentProcess({ dir, raw });
  agents.push(a);
  return a;
}

async function stored(): Promise<number> {
  const now = Date.now();
  const t = await repo.templates({ host: HOST, from: now - DAY, to: now + DAY });
  return t.reduce((a, x) => a + x.count, 0);
}

/**
 * Waits until the stored count reaches at least `min`, then for a few agent ticks, and checks that
 * it stays put and never went past `max` (a second count of a batch would show).
 */
async function settlesBetween(min: number, max: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let got = -1;
  while (Date.now() < deadline) {
    got = await stored().catch(() => -1);
    if (got > max) throw new Error(`stored ${got} lines, more than the ${max} written`);
    if (got >= min) {
      await new Promise((r) => setTimeout(r, 2_000));
      const later = await stored();
      expect(later).toBe(got);
      return got;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`stored ${got} lines, expected at least ${min}; agent log: ${agents.at(-1)?.log().slice(-3000) ?? ''}`);
}

const settlesAt = (want: number, timeoutMs?: number) => settlesBetween(want, want, timeoutMs);

/** Numbered lines on disk now: the live file, rotated files and inside the .gz archives. */
function linesOnDisk(): number {
  let n = 0;
  for (const name of readdirSync(dir).filter((f) => f.startsWith('app.log'))) {
    const raw = readFileSync(join(dir, name));
    const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    n += [...text.matchAll(/^line \d+ /gm)].length;
  }
  return n;
}

const appLog = () => [{ name: 'app', paths: [join(dir, 'app.log')], format: 'auto', startAt: 'beginning' }];

describe('the agent counts logs exactly, with real parts', () => {
  it.each(['create', 'copytruncate'] as const)('while logrotate rotates in %s mode: stored counts equal the lines on disk', async (mode) => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    const a = agent(appLog());
    await a.waitForLog('agent started');
    const COUNT = 2000;
    writer = spawnScript('test/utils/log-writer-process.ts', [file, '400', String(COUNT)]);
    await writer.waitFor('started');
    const conf = join(dir, 'logrotate.conf');
    const how = mode === 'create' ? `create 0644\n  postrotate\n    kill -HUP ${writer.pid}\n  endscript` : 'copytruncate';
    writeFileSync(conf, `${file} {\n  rotate 20\n  compress\n  delaycompress\n  missingok\n  ${how}\n}\n`, { mode: 0o600 });
    let rotations = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 600));
      // Not after the writer is gone: the create mode's postrotate signals it.
      if (writer.stdout().includes('done')) break;
      try {
        await run(LOGROTATE, ['-f', '-s', join(dir, 'logrotate.state'), conf]);
      } catch (err) {
        // The writer may end between the check and the postrotate's signal.
        if (writer.stdout().includes('done')) break;
        throw err;
      }
      rotations++;
    }
    expect(rotations).toBeGreaterThanOrEqual(4);
    const onDisk = linesOnDisk();
    if (mode === 'create') {
      // Rename + create loses nothing: every line written is on disk, and counted once.
      expect(onDisk).toBe(COUNT);
      await settlesAt(COUNT);
    } else {
      // copytruncate itself drops the lines written between its copy and its truncate; the agent
      // may have read some of them before the truncate. So: every line on disk counted, none twice.
      expect(onDisk).toBeGreaterThan(COUNT * 0.9);
      await settlesBetween(onDisk, COUNT);
    }
    expect(a.log()).not.toMatch(/may be lost/);
  });

  it('SIGKILLed mid-file and restarted, resumes at its position: counts exact, template ids kept', async () => {
    const file = join(dir, 'app.log');
    const COUNT = 120_000;
    const chunk = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(60)}\n`).join('');
    // Six values make `job <*> done` a variable; after the restart only one value comes, so only the
    // restored miner still knows the template (a fresh one would make `job v1 done`, a new id).
    const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const jobs = (values: number[]) => values.map((v) => `job ${NAMES[v - 1]!} done\n`).join('');
    writeFileSync(file, jobs([1, 2, 3, 4, 5, 6]) + chunk.repeat(COUNT / 1000));
    // 64 KB a tick, 5 ticks a second: about 16 s for the whole file, so the kill lands mid-file.
    const first = agent(appLog(), { readBytesPerTick: '64KB' });
    await first.waitForLog('agent started');
    const deadline = Date.now() + 60_000;
    while ((await stored()) < COUNT / 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await first.kill();
    const atKill = await stored();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(COUNT);
    const idsBefore = (await repo.templates({ host: HOST, from: Date.now() - DAY, to: Date.now() + DAY })).map((t) => t.id);
    expect((await repo.templates({ host: HOST, from: Date.now() - DAY, to: Date.now() + DAY })).map((t) => t.template)).toContain('job <*> done');
    appendFileSync(file, jobs([1, 1, 1]) + chunk);
    const second = agent(appLog(), { readBytesPerTick: '64KB' });
    await second.waitForLog('agent started');
    await settlesAt(6 + COUNT + 3 + 1000, 90_000);
    const idsAfter = (await repo.templates({ host: HOST, from: Date.now() - DAY, to: Date.now() + DAY })).map((t) => t.id);
    expect(idsAfter).toEqual(idsBefore);
    const job = (await repo.templates({ host: HOST, from: Date.now() - DAY, to: Date.now() + DAY })).find((t) => t.template === 'job <*> done');
    expect(job?.count).toBe(9);
  });

  it('Redis stopped while lines are written, then started: counts exact after recovery, no flood of warnings', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, '');
    const a = agent(appLog());
    await a.waitForLog('agent started');
    const COUNT = 2400;
    writer = spawnScript('test/utils/log-writer-process.ts', [file, '300', String(COUNT)]);
    await writer.waitFor('started');
    await new Promise((r) => setTimeout(r, 1500));
    await server.stop();
    await new Promise((r) => setTimeout(r, 4000));
    await server.start();
    await writer.waitFor('done', 30_000);
    await settlesAt(COUNT);
    const lines = a.log().split('\n');
    const outage = lines.filter((l) => /agent log write/.test(l));
    expect(outage.length).toBeGreaterThanOrEqual(1);
    expect(outage.length).toBeLessThan(10);
  });

  it('a log file replaced by a symlink to /etc/shadow is not followed', async () => {
    symlinkSync('/etc/shadow', join(dir, 'app.log'));
    const a = agent(appLog());
    await a.waitForLog('agent started');
    const deadline = Date.now() + 30_000;
    let problem: string | null = null;
    while (problem === null && Date.now() < deadline) {
      problem = (await repo.sources(HOST))[0]?.problem ?? null;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(problem).toMatch(/symlink|symbolic link/i);
    expect(await stored()).toBe(0);
    expect(await redis.hlen(`${prefix}:{h:${HOST}}:log:tx`)).toBe(0);
  });
});
