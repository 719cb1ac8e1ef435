import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { parseConfig } from '../../src/config/load-config.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import { silentLogger } from '../../src/shared/logger.js';
import { simulateFleet } from '../../src/simulate/simulate.js';
import { hostKeys } from '../../src/store/index.js';
import { figure } from '../utils/figure.js';
import { pdfText } from '../utils/pdf.js';
import { startTestCluster, type TestCluster } from '../utils/redis-cluster.js';
import { CLI } from '../utils/run-cli.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { startTarget } from '../utils/target-server.js';
import { spooledTimes } from '../utils/spool-times.js';

const PREFIX = 'checkup-test-cluster-pipeline';
const HOST = 'cluster-agent-1';
const INTERVAL_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Proc = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

function startCli(role: 'agent' | 'worker', config: string, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [...CLI, '--config', config, role], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out.slice(-4000), exited };
}

/**
 * Issue 16: the whole pipeline on a real Redis Cluster (three masters, three replicas on loopback),
 * configured with `redis.cluster` only: the `checkup agent` and `checkup worker` CLIs, an HTTP
 * check run by the agent, a check alert mailed by the worker, and a weekly fleet report rendered,
 * archived and delivered to an SMTP server in this process. Then the master that holds the agent's
 * series is SIGKILLed mid-collection: its replica is promoted and no sample is lost.
 */
describe('the whole pipeline on a real Redis Cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-cluster-pipeline-'));
  const data = join(dir, 'data');
  const configFile = join(dir, 'checkup.yml');
  let cluster: TestCluster | undefined;
  let sink: SmtpSink | undefined;
  let target: Awaited<ReturnType<typeof startTarget>> | undefined;
  let rt: AppRuntime | undefined;
  let agent: Proc | undefined;
  let worker: Proc | undefined;

  beforeAll(async () => {
    [cluster, sink, target] = await Promise.all([
      startTestCluster({ dir: join(dir, 'redis'), ports: [7111, 7112, 7113, 7114, 7115, 7116], replicas: 1 }),
      startSmtpSink(),
      startTarget(),
    ]);
    mkdirSync(data);
    const raw = {
      dataDir: data,
      log: { level: process.env.CHECKUP_TEST_LOG ?? 'warn' },
      redis: { prefix: PREFIX, embedded: false, cluster: cluster.config },
      host: { id: HOST },
      agent: { interval: '1s' },
      jobs: { lockDuration: '10s', stalledInterval: '2s' },
      checks: [{ name: 'web', kind: 'http', url: target.url, interval: '500ms', timeout: '1s' }],
      alerts: {
        evaluateEvery: '500ms',
        groupWait: 0,
        rules: [{ name: 'web-down', type: 'check', check: 'web' }],
        channels: { mail: { type: 'email', to: ['oncall@example.test'], backoff: '200ms' } },
      },
      reports: {
        weekly: { title: 'Weekly fleet report', template: 'fleet', period: 'week', hosts: 'all', formats: ['pdf'], recipients: { to: ['ops@example.test'] } },
      },
    };
    // JSON is YAML: the CLI reads it as any checkup.yml.
    writeFileSync(configFile, JSON.stringify(raw, null, 2));
    const config = parseConfig({ raw, env: { SMTP_URL: sink.url }, source: 'test', baseDir: dir });
    // This process's own runtime on the Cluster: it seeds the fleet, enqueues and reads back.
    rt = createRuntime({ config, log: silentLogger() });
    await simulateFleet({ store: rt.deps.store, hosts: rt.deps.hosts, checks: rt.deps.checkStore, count: 4, days: 8, seed: 16, stepMs: 15 * 60_000 });
    agent = startCli('agent', configFile);
    worker = startCli('worker', configFile, { SMTP_URL: sink.url });
  }, 180_000);

  afterAll(async () => {
    for (const p of [agent, worker]) {
      if (p && p.child.exitCode === null) {
        p.child.kill('SIGTERM');
        await Promise.race([p.exited, sleep(15_000)]);
        if (p.child.exitCode === null) p.child.kill('SIGKILL');
      }
    }
    await rt?.close();
    await Promise.all([sink?.close(), target?.down()]);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sample times of one metric the agent writes, read from the Cluster. */
  const storedTimes = async (from: number): Promise<number[]> => {
    const [series] = await rt!.deps.store.range({ host: HOST, metric: 'mem.used_pct', from, to: Date.now() + 1_000, step: 1 });
    return (series?.points ?? []).filter((p) => p.v !== null).map((p) => p.t);
  };

  it('collects, checks, alerts, and renders and delivers a weekly fleet report', async () => {
    const startedAt = Date.now();
    await expect.poll(async () => (await storedTimes(startedAt - 60_000)).length, { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(3);
    expect(agent!.child.exitCode, agent!.out()).toBeNull();

    // The agent's HTTP check, state written to the host's slot; the worker's alert evaluation mails.
    const web = async () => (await rt!.deps.checkState.latest(HOST)).find((c) => c.check === 'web')?.status;
    await expect.poll(web, { timeout: 60_000, interval: 250 }).toBe('ok');
    await target!.down();
    await expect.poll(web, { timeout: 30_000, interval: 250 }).not.toBe('ok');
    const alertMail = () => sink!.messages.filter((m) => m.envelopeTo.includes('oncall@example.test'));
    await expect.poll(() => alertMail().length, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    expect(alertMail()[0]!.parsed.subject ?? '').toMatch(/FIRING.*web-down/);
    await target!.up();
    await expect.poll(() => alertMail().length, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    expect(alertMail()[1]!.parsed.subject ?? '').toMatch(/RESOLVED.*web-down/);
    const outcomes = async () => (await rt!.deps.alertReader.notifications({ from: 0, to: Date.now() })).map((e) => e.outcome);
    await expect.poll(outcomes, { timeout: 10_000, interval: 250 }).toEqual(['sent', 'sent']);

    // The weekly fleet report: rendered by the worker, archived, mailed.
    const request = buildReportRequest({ config: rt!.deps.config, name: 'weekly', trigger: 'adhoc', at: Date.now(), adhoc: { period: 'week' } });
    await rt!.deps.reports.create(request);
    await rt!.deps.enqueue('render-report', { request });
    const final = await waitForReport({ reports: rt!.deps.reports, id: request.id, timeoutMs: 180_000 });
    expect(final.error, worker!.out()).toBeNull();
    expect(final.status).toBe('delivered');
    expect(final.archiveId).not.toBeNull();
    const reportMail = () => sink!.messages.filter((m) => m.envelopeTo.includes('ops@example.test'));
    await expect.poll(() => reportMail().length, { timeout: 30_000, interval: 250 }).toBe(1);
    const pdf = reportMail()[0]!.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    const path = join(dir, 'weekly.pdf');
    writeFileSync(path, pdf!.content);
    const text = pdfText(path);
    expect(text).toContain('Weekly fleet report');
    for (let i = 1; i <= 4; i++) expect(text).toContain(`Host sim-00${i}`);
    expect(text).toContain(`Host ${HOST}`);
    expect((await rt!.deps.reports.list()).map((r) => r.id)).toContain(request.id);
    // The data really is spread: the hosts' slots are served by more than one master.
    const owners = new Set<number>();
    for (const h of [HOST, 'sim-001', 'sim-002', 'sim-003', 'sim-004']) owners.add((await cluster!.masterOf(hostKeys(PREFIX, h).state)).port);
    expect(owners.size).toBeGreaterThan(1);
  }, 300_000);

  it('loses no sample when the master holding the agent’s series is SIGKILLed mid-collection', async () => {
    const spool = join(data, 'spool');
    const spooled = new Set<number>();
    let watching = true;
    const spoolWatch = (async () => {
      while (watching) {
        for (const t of spooledTimes(spool)) spooled.add(t);
        await sleep(50);
      }
    })();
    const from = Date.now();
    await expect.poll(async () => (await storedTimes(from)).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(3);

    const victim = await cluster!.masterOf(hostKeys(PREFIX, HOST).state);
    const replica = (await cluster!.topology()).find((n) => n.masterId === victim.id);
    expect(replica).toBeDefined();
    const beforeKill = await storedTimes(from);
    const killAt = Date.now();
    await cluster!.server(victim.port).kill('SIGKILL');

    // The replica takes over the slots once the others agree the master is gone (node timeout 2 s).
    await expect
      .poll(async () => (await cluster!.masterOf(hostKeys(PREFIX, HOST).state).catch(() => null))?.port, { timeout: 60_000, interval: 100 })
      .toBe(replica!.port);
    const promotedMs = Date.now() - killAt;
    let firstWriteMs: number | null = null;
    const until = killAt + 60_000;
    while (firstWriteMs === null && Date.now() < until) {
      if ((await storedTimes(killAt).catch(() => [])).length > 0) firstWriteMs = Date.now() - killAt;
      else await sleep(100);
    }
    expect(firstWriteMs, agent!.out()).not.toBeNull();

    const resumedAt = Date.now();
    await expect.poll(async () => (await storedTimes(resumedAt)).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => spooledTimes(spool).length, { timeout: 30_000, interval: 100 }).toBe(0);
    watching = false;
    await spoolWatch;

    const stored = (await storedTimes(from)).sort((a, b) => a - b);
    const have = new Set(stored);
    expect(beforeKill.filter((t) => !have.has(t))).toEqual([]);
    expect([...spooled].filter((t) => !have.has(t))).toEqual([]);
    // Every sample the agent took is stored (asserted above for the samples seen before the kill
    // and the spooled ones). Between neighbours, a gap of two intervals or more is a sample never
    // taken: the agent only ever samples late, never early (when the collect queue's master dies
    // its jobs stop and the local timer takes the slot over a little later, keeping that phase),
    // so a gap under two intervals is a late sample, not a missing one. Near neighbours are counted apart.
    let lost = 0;
    let extra = 0;
    for (let i = 1; i < stored.length; i++) {
      const gap = stored[i]! - stored[i - 1]!;
      if (gap >= 2 * INTERVAL_MS) lost += Math.floor(gap / INTERVAL_MS) - 1;
      else if (gap < 0.5 * INTERVAL_MS) extra += 1;
    }
    const taken = stored.length - extra + lost;
    const gaps = stored.flatMap((t, i) => (i > 0 && t - stored[i - 1]! > 1.5 * INTERVAL_MS ? [`${stored[i - 1]! - killAt}..${t - killAt} ms`] : []));
    expect(lost, `gaps ${gaps.join(', ')} from the kill; spooled ${[...spooled].map((t) => t - killAt).join(', ')}`).toBe(0);
    expect(agent!.child.exitCode, agent!.out()).toBeNull();
    expect(worker!.child.exitCode, worker!.out()).toBeNull();
    figure('Cluster failover (master of the agent’s slot SIGKILLed, agent every 1 s)', {
      replicaPromotedMs: promotedMs,
      firstWriteAfterKillMs: firstWriteMs,
      samplesTaken: taken,
      samplesStored: stored.length - extra,
      samplesSpooled: spooled.size,
      samplesLost: lost,
      secondSamplesInASlot: extra,
      longestGapMs: Math.max(...stored.slice(1).map((t, i) => t - stored[i]!)),
    });
    // Both roles still stop cleanly after the failover.
    for (const p of [agent!, worker!]) {
      p.child.kill('SIGTERM');
      expect(await Promise.race([p.exited, sleep(30_000).then(() => 'still running 30 s after SIGTERM')]), p.out()).toBe(0);
    }
  }, 240_000);
});
