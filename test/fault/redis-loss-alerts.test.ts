import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertKeys } from '../../src/alert/alert-store.js';
import type { AlertSnapshot } from '../../src/alert/state-snapshot.js';
import { startAgentRole } from '../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { startWorkerRole } from '../../src/app/worker-role.js';
import { createCheckStateReader } from '../../src/checks/state-reader.js';
import { silentLogger } from '../../src/shared/logger.js';
import { announcements, brokenSequences, type HookBody } from '../utils/announcements.js';
import { startTcpPort } from '../utils/tcp-port.js';
import { startReceiver, type Receiver } from '../utils/webhook-receiver.js';
import { startTestRedisServer, type TestRedisServer } from '../utils/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { testPrefix } from '../utils/redis.js';
import { testConfig } from '../utils/test-config.js';

const HOST = 'fault-1';
const PORT_KEY = `closed-port/${HOST}/check=port`;
const BUDGET_KEY = `restart-budget/${HOST}/check=svc`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The whole app (agent and worker roles) on a private redis-server without persistence, which is
// restarted while two alerts fire: a closed port, and a service whose restart budget is spent.
// After the restart nothing may fire again as new, the spent budget must stay spent, and the
// port's later resolve must still be announced, by webhook and by email.
describe('a Redis without persistence restarts while alerts fire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-fault-'));
  const restartsFile = join(dir, 'restarts.log');
  let server: TestRedisServer;
  let rt: AppRuntime;
  let agent: { close(): Promise<void> };
  let workers: Worker[] = [];
  let hook: Receiver;
  let sink: SmtpSink;
  let port: Awaited<ReturnType<typeof startTcpPort>>;

  const restartsRun = () => (existsSync(restartsFile) ? readFileSync(restartsFile, 'utf8').split('\n').filter(Boolean).length : 0);
  const bodies = () => hook.at('/hook').map((r) => r.body as HookBody);
  const told = (key: string) => announcements(bodies()).get(key) ?? [];

  beforeAll(async () => {
    [hook, sink, port] = await Promise.all([startReceiver(), startSmtpSink(), startTcpPort()]);
    server = await startTestRedisServer(mkdtempSync(join(tmpdir(), 'checkup-redis-')), { persist: false });
    const config = testConfig({
      prefix: testPrefix(),
      env: { SMTP_URL: sink.url },
      raw: {
        host: { id: HOST },
        redis: { url: server.url },
        reports: {},
        checks: [
          { name: 'port', kind: 'tcp', host: '127.0.0.1', port: port.port, interval: '300ms', timeout: '1s' },
          {
            name: 'svc',
            kind: 'command',
            command: ['/bin/false'],
            interval: '300ms',
            timeout: '2s',
            // Each restart leaves a line: the budget (2 per hour) must hold across the Redis restart.
            restart: {
              command: [process.execPath, '-e', "require('node:fs').appendFileSync(process.argv[1], 'restart\\n')", restartsFile],
              timeout: '5s',
              grace: '300ms',
              budget: { max: 2, window: '1h' },
              backoff: { initial: '300ms', max: '300ms' },
            },
          },
        ],
        alerts: {
          evaluateEvery: '300ms',
          groupWait: '1s',
          repeatInterval: '1h',
          rules: [{ name: 'closed-port', type: 'check', check: 'port', severity: 'critical' }],
          channels: {
            hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '200ms' },
            mail: { type: 'email', to: ['ops@example.test'], backoff: '200ms' },
          },
        },
      },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: server.url });
    agent = await startAgentRole(rt);
    workers = (await startWorkerRole(rt)).workers;
  });

  afterAll(async () => {
    await agent?.close();
    await Promise.all(workers.map((w) => w.close()));
    await rt?.close();
    await server?.stop();
    await Promise.all([hook?.close(), sink?.close(), port?.close()]);
  });

  it('restores the alert state and the restart budget: no second FIRING, and the RESOLVED still goes out', async () => {
    const checks = createCheckStateReader({ store: rt.deps.checkStore });
    await expect.poll(async () => (await checks.latest(HOST)).find((r) => r.check === 'port')?.status, { timeout: 20_000, interval: 200 }).toBe('ok');

    await port.close();
    await expect.poll(() => [told(PORT_KEY), told(BUDGET_KEY)], { timeout: 30_000, interval: 200 }).toEqual([['firing'], ['firing']]);
    expect(restartsRun()).toBe(2);
    // The worker's copy has caught up with both.
    const snapshotFile = join(rt.deps.config.paths.data, 'alerts', `${rt.deps.config.redis.prefix}.json`);
    const copy = () => (existsSync(snapshotFile) ? (JSON.parse(readFileSync(snapshotFile, 'utf8')) as AlertSnapshot) : null);
    const inCopy = () => {
      const c = copy();
      return c ? { firing: Object.values(c.records).filter((r) => r.instance.status === 'firing').length, unsent: c.unsent.length } : null;
    };
    // Both firing, and both channels' sends recorded (a send in the last interval before a loss may go out once more, same id).
    await expect.poll(inCopy, { timeout: 10_000, interval: 200 }).toEqual({ firing: 2, unsent: 0 });
    const sentBefore = bodies().length;

    await server.stop();
    await sleep(500);
    await server.start();
    const k = alertKeys(rt.deps.config.redis.prefix);
    // The first evaluation after the restart finds no marker and restores.
    await expect
      .poll(async () => (await rt.connection.exists(k.epoch).catch(() => 0)) === 1 && (await rt.connection.hlen(k.state)) >= 2, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(true);
    // Evaluations, check ticks and a whole groupWait go by: nothing is announced, nothing restarted.
    await sleep(4_000);
    expect(bodies()).toHaveLength(sentBefore);
    expect(restartsRun()).toBe(2);
    const reader = rt.deps.alertReader;
    expect((await reader.active()).map((a) => `${a.key}:${a.status}`).sort()).toEqual([`${PORT_KEY}:firing`, `${BUDGET_KEY}:firing`]);
    // The agent put its restart history back into the new Redis from its own copy.
    expect((await checks.restarts({ host: HOST, from: 0, to: Date.now() })).filter((r) => r.check === 'svc')).toHaveLength(2);

    await port.open();
    await expect.poll(() => told(PORT_KEY), { timeout: 20_000, interval: 200 }).toEqual(['firing', 'resolved']);
    await sleep(1_500);
    expect(brokenSequences(bodies())).toEqual([]);
    expect(told(BUDGET_KEY)).toEqual(['firing']);
    expect(restartsRun()).toBe(2);
    await expect.poll(() => sink.messages.length, { timeout: 10_000, interval: 200 }).toBe(bodies().length);
    expect(sink.messages.at(-1)!.parsed.subject).toBe(`[RESOLVED] ${HOST}: closed-port`);
  });
});
