import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { startWorkerRole } from '../../../src/app/worker-role.js';
import { waitForReport } from '../../../src/cli/commands/wait-for-report.js';
import { previousPeriod } from '../../../src/report/periods.js';
import { nextRuns } from '../../../src/report/schedule-times.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { pdfText } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

// The weekly fleet report from simulated hosts, run as its job scheduler would run it.
describe('scheduled weekly fleet report', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;
  let workers: Worker[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = testConfig({
      prefix,
      raw: {
        reports: {
          weekly: {
            title: 'Weekly fleet report',
            template: 'fleet',
            schedule: '0 8 * * 1',
            timezone: 'Europe/Berlin',
            period: 'week',
            recipients: { to: ['ops@example.test'] },
            catchUp: 0,
          },
        },
      },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 6,
      days: 15,
      seed: 42,
      stepMs: 15 * 60_000,
    });
    workers = (await startWorkerRole(rt)).workers;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  it('arrives by mail with contents, summary, a forecast sentence and a section per host on the page the contents give', async () => {
    const rc = rt.deps.config.reports.weekly!;
    // The last Monday 08:00 Berlin: run as a scheduler (or catch-up) run for that fire time.
    const fire = nextRuns(rc, Date.now() - 8 * 86_400_000, 2)
      .filter((t) => t <= Date.now())
      .pop()!;
    await rt.deps.enqueue('render-report', { scheduled: 'weekly', at: fire });
    const final = await waitForReport({ reports: rt.deps.reports, id: `weekly-${fire}`, timeoutMs: 120_000 });
    expect(final.error).toBeNull();
    expect(final.status).toBe('delivered');
    expect(final.request.from).toBe(previousPeriod('week', fire, 'Europe/Berlin').from);

    await sink.waitFor(1);
    const pdf = sink.messages[0]!.parsed.attachments.find((a) => a.contentType === 'application/pdf')!;
    const path = join(rt.deps.config.paths.data, 'weekly.pdf');
    writeFileSync(path, pdf.content);
    const text = pdfText(path);
    expect(text).toContain('Weekly fleet report');
    expect(text).toContain('Contents');
    expect(text).toContain('Executive summary');
    expect(text).toContain('Forecasts that need action soon');
    expect(text).toMatch(/Disk \/var on sim-00\d full in [\d.]+ days \(80%: [\d.]+–[\d.>]+\)/);
    expect(text).toContain('Simulated host');
    // sim-004 runs the flapping service: its outages show as availability below 100% and incidents.
    expect(text).toMatch(/sim-service\s+(WARN|FAIL|OK)\s+\d+(\.\d+)?%/);
    expect(text).toContain('Incident timeline');

    // Every host has a section, on the page the contents say.
    for (let i = 1; i <= 6; i++) {
      const host = `sim-00${i}`;
      const line = text.split('\n').find((l) => l.includes(`Host ${host}`) && /\s(\d+)\s*$/.test(l));
      expect(line, `contents line for ${host}`).toBeDefined();
      const page = Number(/\s(\d+)\s*$/.exec(line!)![1]);
      const pageText = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', path, '-'], { encoding: 'utf8' });
      expect(pageText).toContain(`Host ${host}`);
      expect(pageText).toContain('CPU utilisation');
    }
  });

  it('renders the zh-CN variant with CJK text', async () => {
    const request = buildReportRequest({
      config: rt.deps.config,
      name: 'weekly',
      trigger: 'adhoc',
      at: Date.now(),
      adhoc: { locale: 'zh-CN', hosts: ['sim-001', 'sim-002'] },
    });
    await rt.deps.reports.create(request);
    await rt.deps.enqueue('render-report', { request });
    const final = await waitForReport({ reports: rt.deps.reports, id: request.id, timeoutMs: 120_000 });
    expect(final.status).toBe('delivered');
    const text = pdfText(final.files.pdf!);
    expect(text).toContain('执行摘要');
    expect(text).toContain('目录');
    expect(text).toContain('主机 sim-001');
    // Kept for a human to look at: the first pages as PNG under test-artifacts/.
    execFileSync('mkdir', ['-p', 'test-artifacts']);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', final.files.pdf!, 'test-artifacts/fleet-zh']);
  });
});
