import { spawnSync } from 'node:child_process';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../../src/app/agent-role.js';
import { createRuntime } from '../../../src/app/create-deps.js';
import { QueueKind, queueName } from '../../../src/queue/queue-names.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { startWebRole } from '../../../src/web/web-role.js';
import { testConfig } from '../../utils/test-config.js';
import { plantHost } from '../../utils/plant-host.js';
import { parseExposition, type Family } from '../../utils/prom-parse.js';
import { getJson, startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const WEIRD_MOUNT = '/mnt/we"ird\\path\nnext';
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

// /metrics, /healthz and /readyz with this host's real agent running, plus a planted host whose
// figures the assertions can name exactly (and whose mount name needs every escape there is).
describe('web operations endpoints', () => {
  let web: TestWeb;
  let agent: { worker: Worker; close(): Promise<void> };

  beforeAll(async () => {
    web = await startTestWeb({ raw: { agent: { interval: '1s' }, reports: { daily: { recipients: { to: ['ops@example.test'] } } } } });
    agent = await startAgentRole(web.rt);
    const { deps } = web.rt;
    await plantHost(deps, { host: 'odd-host', count: 3, stepMs: 1_000, cpu: () => 20, disks: [{ mount: WEIRD_MOUNT, usedPct: () => 50 }] });
    const request = buildReportRequest({ config: deps.config, name: 'daily', trigger: 'adhoc', at: Date.now() });
    await deps.reports.create(request);
    // What send-report writes when an SMTP attempt fails.
    await deps.reports.log(request.id, { stage: 'failed', detail: 'send attempt 1/5: connect ECONNREFUSED' });
    await deps.archive.put({ reportId: 'r-1', name: 'daily', period: { from: 0, to: 1 }, hosts: ['odd-host'], files: { json: Buffer.from('{}') } });
  });
  afterAll(async () => {
    await agent?.close();
    await web?.close();
  });

  it('exposes host and Checkup figures that a strict parser and promtool accept', async () => {
    const collectQueue = web.rt.queues.get(queueName(QueueKind.Collect, web.rt.deps.config.hostId));
    await expect.poll(async () => (await collectQueue.getJobCounts('completed')).completed ?? 0, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    const res = await fetch(`${web.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    if (hasPromtool) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
      expect(check.status).toBe(0);
    }
    const families = parseExposition(text);
    const value = (name: string, labels: Record<string, string>) => sample(families, name, labels);
    const self = web.rt.deps.config.hostId;

    expect(value('checkup_host_cpu_usage_ratio', { host: 'odd-host' })).toBe(0.2);
    expect(value('checkup_host_memory_used_ratio', { host: 'odd-host' })).toBe(0.4);
    expect(value('checkup_host_filesystem_used_ratio', { host: 'odd-host', mount: WEIRD_MOUNT, device: '/dev/vda1', fstype: 'ext4' })).toBe(0.5);
    expect(value('checkup_host_network_receive_bytes_per_second', { host: 'odd-host', iface: 'eth0' })).toBe(1002);
    expect(value('checkup_host_up', { host: 'odd-host' })).toBe(1);
    expect(value('checkup_host_up', { host: self })).toBe(1);
    expect(value('checkup_host_memory_total_bytes', { host: self })).toBeGreaterThan(0);
    expect(families.get('checkup_host_filesystem_size_bytes')!.samples.some((s) => s.labels.host === self)).toBe(true);

    const collect = queueName(QueueKind.Collect, self);
    expect(value('checkup_queue_jobs', { queue: collect, state: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(value('checkup_queue_workers', { queue: collect })).toBe(1);
    expect(value('checkup_queue_jobs', { queue: 'report', state: 'waiting' })).toBe(0);
    expect(value('checkup_job_duration_seconds', { queue: collect, stat: 'max' })).toBeGreaterThan(0);
    expect(value('checkup_job_duration_sample_jobs', { queue: collect })).toBeGreaterThanOrEqual(2);
    expect(value('checkup_reports', { status: 'queued' })).toBe(1);
    expect(value('checkup_report_failed_attempts', { stage: 'delivery' })).toBe(1);
    expect(value('checkup_report_failed_attempts', { stage: 'render' })).toBe(0);
    expect(value('checkup_archive_entries', {})).toBe(1);
    for (const f of families.values()) expect(f.type, f.name).toBe('gauge');
  });

  it('answers /healthz and /readyz', async () => {
    expect(await getJson(`${web.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await getJson(`${web.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', checks: { redis: 'ok', chromium: 'ok' } } });
  });

  it('is not ready without a browser to render with', async () => {
    const noBrowser = await startTestWeb({ raw: { render: { executablePath: '/nonexistent/chromium' } } });
    try {
      const res = await getJson(`${noBrowser.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'not ready', checks: { redis: 'ok' } });
      expect((res.body.checks as Record<string, string>).chromium).toMatch(/^not found/);
    } finally {
      await noBrowser.close();
    }
  });

  it('starts, stays up and reports not ready while Redis does not answer', async () => {
    const config = testConfig({ prefix: 'checkup-test-nowhere', raw: { web: { port: 0 } } });
    const rt = createRuntime({ config, log: silentLogger(), redisUrl: 'redis://127.0.0.1:1' });
    const dead = await startWebRole(rt, {});
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const res = await getJson(`${dead.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'not ready', checks: { redis: 'no answer within 1000 ms', chromium: 'ok' } });
      expect((await getJson(`${dead.url}/healthz`)).status).toBe(200);
    } finally {
      await dead.close();
      // quit() would wait for a connection that never comes.
      rt.connection.disconnect();
    }
  });
});

function sample(families: Map<string, Family>, name: string, labels: Record<string, string>): number | undefined {
  const f = families.get(name);
  const want = JSON.stringify(Object.entries(labels).sort());
  return f?.samples.find((s) => JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}
