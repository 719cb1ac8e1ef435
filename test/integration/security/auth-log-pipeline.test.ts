import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ZLogsConfig } from '../../../src/config/logs-schema.js';
import { startLogIngest } from '../../../src/logs/ingest/index.js';
import { createRedisLogRepo, type LogRepo } from '../../../src/logs/store/index.js';
import { AuthIngest } from '../../../src/security/agent/auth-ingest.js';
import { createRedisSecurityRepo } from '../../../src/security/store/redis-security-repo.js';
import { captureLog } from '../../utils/log-capture.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const DAY = 86_400_000;
const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
const dir = mkdtempSync(join(tmpdir(), 'checkup-auth-pipeline-'));
const logRepo = createRedisLogRepo({ redis, prefix, retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
const security = createRedisSecurityRepo({ redis, prefix, retention: { minuteMs: 35 * DAY, hourMs: 400 * DAY } });
afterAll(async () => {
  await cleanupPrefix(prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const line = (pid: number, msg: string) => `${new Date().toISOString()} web-1 sshd[${pid}]: ${msg}\n`;
/** One connection: `n` wrong passwords for `user` from `ip`, then the close that settles it. */
const attempt = (pid: number, user: string, ip: string, n: number) =>
  Array.from({ length: n }, () => line(pid, `Failed password for ${user} from ${ip} port 50022 ssh2`)).join('') +
  line(pid, `Connection closed by authenticating user ${user} ${ip} port 50022 [preauth]`);

async function start(repo: LogRepo) {
  const logs = ZLogsConfig.parse({
    interval: '1m',
    journal: { enabled: false },
    files: [
      { name: 'auth', paths: [join(dir, 'auth.log')], format: 'syslog', startAt: 'beginning' },
      { name: 'app', paths: [join(dir, 'app.log')], format: 'syslog', startAt: 'beginning' },
    ],
  });
  const auth = new AuthIngest({ host: 'web-1', sources: ['auth'], idleMs: 600_000 });
  return startLogIngest({
    host: 'web-1',
    logs,
    stateDir: join(dir, 'state'),
    repo,
    log: captureLog().log,
    systemJournal: false,
    auth: { start: (o) => auth.start(o), write: (b) => security.write(b) },
  });
}

const logLines = async (source: string) =>
  (await logRepo.templates({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY, filter: { sources: [source] } })).reduce((n, t) => n + t.count, 0);
const period = () => security.period({ host: 'web-1', from: Date.now() - DAY, to: Date.now() + DAY });

describe('auth events through the agent log pipeline', () => {
  it('counts the auth source only, and a batch replayed after a crash between its writes counts once', async () => {
    writeFileSync(join(dir, 'auth.log'), attempt(100, 'root', '203.0.113.9', 3) + attempt(101, 'admin', '198.51.100.4', 2));
    // The app log has sshd-looking lines too: not an auth source, never counted as logins.
    writeFileSync(join(dir, 'app.log'), attempt(200, 'root', '192.0.2.1', 4));

    // The store takes the auth write, then the log write fails, and the agent dies.
    let fail = true;
    const flaky: LogRepo = { ...logRepo, write: (b) => (fail && b.source === 'auth' ? Promise.reject(new Error('crash')) : logRepo.write(b)) };
    const first = await start(flaky);
    await first.tick();
    await first.close();
    expect((await period()).failedTotal).toBe(5);
    expect(await logLines('auth')).toBe(0);

    // A new agent replays the pending batch (the store has its auth part already) and reads on.
    fail = false;
    const second = await start(logRepo);
    await second.tick();
    appendFileSync(join(dir, 'auth.log'), attempt(102, '<img src=x onerror=alert(1)>', '203.0.113.9', 1));
    await second.tick();
    await second.tick();
    await second.close();
    expect(await logLines('auth')).toBe(9);
    const p = await period();
    expect(p.failedTotal).toBe(6);
    expect(p.sources.map((s) => [s.source, s.count])).toEqual([
      ['203.0.113.9', 4],
      ['198.51.100.4', 2],
    ]);
    expect(p.users.find((u) => u.user === '<img src=x onerror=alert(1)>')?.count).toBe(1);
    expect(p.auth).toMatchObject({ sources: ['auth'] });
  });
});
