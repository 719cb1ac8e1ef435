import { appendFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZLogsConfig } from '../../../src/config/logs-schema.js';
import { startLogIngest, type LogIngest } from '../../../src/logs/ingest/index.js';
import { ABSENT } from '../../../src/logs/ingest/source-runner.js';
import { createRedisLogRepo, type LogRepo } from '../../../src/logs/store/index.js';
import { captureLog } from '../../utils/log-capture.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';
import { startTestRedisServer } from '../../utils/redis-server.js';
import { writeJournal } from '../../utils/journal-export.js';

const DAY = 86_400_000;
const RETENTION = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };

let dir: string;
let prefix: string;
const redis = new Redis(TEST_REDIS_URL);
const open: LogIngest[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'checkup-ingest-'));
  prefix = testPrefix();
});
afterEach(async () => {
  for (const i of open.splice(0)) await i.close();
  await cleanupPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => redis.disconnect());

const line = (msg: string, app = 'sshd') => `${new Date().toISOString()} web-1 ${app}[42]: ${msg}\n`;
const failed = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => line(`Failed password for user${from + i} from 10.0.0.${(from + i) % 250} port 22 ssh2`)).join('');

async function ingest(
  opts: {
    repo?: LogRepo;
    files?: unknown[] | null;
    defaultFiles?: { name: string; paths: string[] }[];
    journal?: unknown;
    redact?: string[];
    log?: ReturnType<typeof captureLog>['log'];
  } = {},
): Promise<LogIngest> {
  const logs = ZLogsConfig.parse({
    interval: '1m', // driven by tick() here
    journal: opts.journal ?? { enabled: false },
    // null: no `files` in the config, so the default sources are read.
    ...(opts.files === null ? {} : { files: opts.files ?? [{ name: 'auth', paths: [join(dir, 'auth.log')], format: 'syslog', startAt: 'beginning' }] }),
    redact: opts.redact ?? [],
  });
  const i = await startLogIngest({
    host: 'web-1',
    logs,
    stateDir: join(dir, 'state'),
    repo: opts.repo ?? createRedisLogRepo({ redis, prefix, retention: RETENTION }),
    log: opts.log ?? captureLog().log,
    systemJournal: false,
    ...(opts.defaultFiles ? { defaultFiles: opts.defaultFiles } : {}),
  });
  open.push(i);
  return i;
}

const reader = () => createRedisLogRepo({ redis, prefix, retention: RETENTION });
async function stored(): Promise<number> {
  const all = await reader().templates({ host: 'web-1', from: Math.floor(Date.now() / DAY) * DAY - DAY, to: Math.floor(Date.now() / DAY) * DAY + DAY });
  return all.reduce((a, t) => a + t.count, 0);
}
async function ticks(i: LogIngest, n = 3): Promise<void> {
  for (let k = 0; k < n; k++) await i.tick();
}

describe('log ingest (agent side)', () => {
  it('counts every line once under one template, with redacted examples', async () => {
    writeFileSync(join(dir, 'auth.log'), failed(0, 500) + line('Accepted password for alice from 10.1.1.1 port 22 ssh2 password=hunter2 token=abcd'));
    const i = await ingest({ redact: ['alice'] });
    await ticks(i);
    expect(await stored()).toBe(501);
    const got = await reader().templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY });
    expect(got[0]).toMatchObject({ template: 'Failed password for <*> from <*> port <*> ssh2', count: 500, severity: 'warning', sources: ['auth'] });
    expect(got[0]?.examples).toHaveLength(3);
    const accepted = got.find((t) => t.template.startsWith('Accepted'))!;
    expect(accepted.examples[0]).not.toMatch(/hunter2|abcd|alice/);
    expect(await reader().sources('web-1')).toEqual([{ source: 'auth', since: expect.any(Number), lastRead: expect.any(Number), problem: null }]);
  });

  it('a restart keeps the position and the template ids', async () => {
    writeFileSync(join(dir, 'auth.log'), failed(0, 300));
    const first = await ingest();
    await ticks(first);
    await first.close();
    const before = await reader().templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY });
    appendFileSync(join(dir, 'auth.log'), failed(300, 200));
    const second = await ingest();
    await ticks(second);
    expect(await stored()).toBe(500);
    const after = await reader().templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY });
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
  });

  it('a write whose answer was lost is retried and counted once', async () => {
    writeFileSync(join(dir, 'auth.log'), failed(0, 100));
    const real = reader();
    let lose = 2;
    const lossy: LogRepo = {
      ...real,
      write: async (b) => {
        await real.write(b);
        if (b.counts.length > 0 && lose-- > 0) throw new Error('connection reset after the write');
      },
    };
    const i = await ingest({ repo: lossy });
    // The retry waits a doubling interval (1 minute here): ticks alone do not retry it yet.
    await ticks(i, 2);
    expect(await stored()).toBe(100);
    await i.close();
    // The restart replays the pending batch from the state file: the store already has it.
    appendFileSync(join(dir, 'auth.log'), failed(100, 10));
    const again = await ingest();
    await ticks(again);
    expect(await stored()).toBe(110);
  });

  it('keeps batches pending while Redis is away and loses no line', async () => {
    const server = await startTestRedisServer(dir, { persist: false });
    const own = new Redis(server.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
    own.on('error', () => undefined);
    try {
      const cap = captureLog();
      const repo = createRedisLogRepo({ redis: own, prefix, retention: RETENTION });
      const logs = ZLogsConfig.parse({
        interval: '100ms',
        journal: { enabled: false },
        files: [{ name: 'auth', paths: [join(dir, 'auth.log')], format: 'syslog', startAt: 'beginning' }],
      });
      writeFileSync(join(dir, 'auth.log'), failed(0, 50));
      const i = await startLogIngest({ host: 'web-1', logs, stateDir: join(dir, 'state'), repo, log: cap.log, systemJournal: false });
      open.push(i);
      await waitFor(async () => (await sum(repo)) === 50);
      await server.stop();
      for (let k = 0; k < 10; k++) {
        appendFileSync(join(dir, 'auth.log'), failed(50 + k * 20, 20));
        await new Promise((r) => setTimeout(r, 150));
      }
      await server.start();
      // A Redis without persistence came back empty: what it holds now is what was written since.
      await waitFor(async () => (await sum(repo)) === 200, 20_000);
      expect(cap.warnings().filter((w) => w.startsWith('log counts cannot be written'))).toHaveLength(1);
      expect(cap.lines.some((l) => l.msg === 'log counts are written to Redis again')).toBe(true);
    } finally {
      own.disconnect();
      await server.stop();
    }
  });

  it('counts a real journal file by PRIORITY, and a restart resumes after its cursor', async () => {
    const file = join(dir, 'system.journal');
    const us = Date.now() * 1000;
    const entries = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        realtimeUs: us + (from + i) * 1000,
        fields: { MESSAGE: `upstream timed out while reading from 10.0.0.${from + i}`, PRIORITY: '3', _SYSTEMD_UNIT: 'nginx.service' },
      }));
    await writeJournal(file, entries(40, 0));
    const journal = { enabled: true, files: [file], startAt: 'beginning' };
    const waitCount = async (i: LogIngest, n: number) => {
      for (let k = 0; k < 100 && (await stored()) < n; k++) {
        await i.tick();
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const first = await ingest({ files: [], journal });
    await waitCount(first, 40);
    await first.close();
    await writeJournal(file, entries(10, 40));
    const second = await ingest({ files: [], journal });
    await waitCount(second, 50);
    await ticks(second, 3);
    expect(await stored()).toBe(50);
    const [t] = await reader().templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY });
    expect(t).toMatchObject({ template: 'upstream timed out while reading from <*>', severity: 'err', sources: ['journal'], count: 50 });
  });

  it('does not follow a log replaced by a symlink to /etc/shadow, and stores the problem', async () => {
    symlinkSync('/etc/shadow', join(dir, 'auth.log'));
    const i = await ingest();
    await ticks(i);
    expect(await stored()).toBe(0);
    const [status] = await reader().sources('web-1');
    expect(status?.problem).toMatch(/symlink|symbolic link/i);
  });

  it('default sources missing on a host where nothing else is read say so, instead of looking unconfigured', async () => {
    const defaults = [
      { name: 'syslog', paths: [join(dir, 'syslog'), join(dir, 'messages')] },
      { name: 'auth', paths: [join(dir, 'auth.log')] },
    ];
    const none = await ingest({ files: null, defaultFiles: defaults });
    // Every source is tried once before any may say that nothing is read.
    await none.tick();
    await none.tick();
    const stated = await reader().sources('web-1');
    expect(stated.map((s) => [s.source, s.problem]).sort()).toEqual([
      ['auth', ABSENT],
      ['syslog', ABSENT],
    ]);
    await none.close();
    open.splice(0);
    await cleanupPrefix(prefix);

    // With one default file present, the absent one is a host without that file: nothing to state.
    // (auth is the later runner, so syslog's first status check runs before auth's first read.)
    writeFileSync(join(dir, 'auth.log'), '');
    const one = await ingest({ files: null, defaultFiles: defaults });
    await one.tick();
    appendFileSync(join(dir, 'auth.log'), line('session opened for user root', 'sudo'));
    await one.tick();
    expect((await reader().sources('web-1')).map((s) => [s.source, s.problem])).toEqual([['auth', null]]);
  });

  it('states a missing file as the source problem, once, and reads it when it appears', async () => {
    const cap = captureLog();
    const i = await ingest({ log: cap.log });
    await ticks(i, 3);
    const [status] = await reader().sources('web-1');
    expect(status?.problem).toMatch(/does not exist/);
    expect(cap.warnings().filter((w) => /does not exist/.test(w))).toHaveLength(1);
    writeFileSync(join(dir, 'auth.log'), failed(0, 7));
    await ticks(i, 2);
    expect(await stored()).toBe(7);
    expect((await reader().sources('web-1'))[0]?.problem).toBeNull();
  });
});

async function sum(repo: LogRepo): Promise<number> {
  const t = await repo.templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY }).catch(() => []);
  return t.reduce((a, x) => a + x.count, 0);
}

async function waitFor(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
