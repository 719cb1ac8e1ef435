import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { startWorkerRole } from '../../src/app/worker-role.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { silentLogger } from '../../src/shared/logger.js';
import { pdfText } from '../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { testConfig } from '../utils/test-config.js';

// The foundation's whole path with real parts: collector on this host, Redis, Chromium, SMTP.
describe('report pipeline: collect → render → archive → deliver', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;
  const workers: Worker[] = [];
  let agent: Awaited<ReturnType<typeof startAgentRole>> | undefined;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = testConfig({
      prefix,
      raw: {
        agent: { interval: '1s' },
        // One check that holds (the SMTP sink's port) and one that fails (nothing listens on port 1).
        checks: [
          { name: 'smtp-port', kind: 'tcp', host: '127.0.0.1', port: sink.port, interval: '1s' },
          { name: 'nothing-here', kind: 'tcp', host: '127.0.0.1', port: 1, interval: '1s' },
        ],
        reports: { daily: { period: 'day', recipients: { to: ['ops@example.test'], cc: ['lead@example.test'] } } },
      },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    agent = await startAgentRole(rt);
    workers.push(...(await startWorkerRole(rt)).workers);
  });

  afterAll(async () => {
    await Promise.all([agent?.close(), ...workers.map((w) => w.close())]);
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  it('renders a PDF with this host, archives it, and mails it once with a matching attachment', async () => {
    const { deps } = rt;
    const host = deps.config.hostId;
    // Wait for three snapshots so rates exist and the charts have points.
    await expect.poll(async () => (await deps.checkState.latest(host)).length, { timeout: 20_000 }).toBe(2);
    await expect
      .poll(
        async () =>
          (await deps.store.range({ host, metric: 'mem.used_pct', from: Date.now() - 60_000, to: Date.now(), step: 1_000 }))[0]?.points.filter(
            (p) => p.v !== null,
          ).length ?? 0,
        { timeout: 20_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(3);

    const request = buildReportRequest({ config: deps.config, name: 'daily', trigger: 'adhoc', at: Date.now() });
    await deps.reports.create(request);
    await deps.enqueue('render-report', { request });
    const final = await waitForReport({ reports: deps.reports, id: request.id, timeoutMs: 90_000 });
    expect(final.error).toBeNull();
    expect(final.status).toBe('delivered');

    const entry = await deps.archive.findByReport(request.id);
    expect(entry).not.toBeNull();
    const pdfPath = final.files.pdf!;
    const text = pdfText(pdfPath);
    expect(text).toContain(host);
    for (const title of [
      'Executive summary',
      'Disks',
      'Network',
      'Top processes',
      'Data gaps',
      'Checks and availability',
      'Restarts',
      'Alerts fired and resolved',
      'Forecast track record',
      'Page 1 of',
    ])
      expect(text).toContain(title);
    expect(text).toMatch(/smtp-port\s+OK\s+100%/);
    expect(text).toMatch(/nothing-here\s+FAIL\s+0%/);
    expect(text).toContain('How availability was counted');
    expect(text).toMatch(/Check nothing-here on \S+ was available 0\.00% of the time/);

    const record = JSON.parse(readFileSync(deps.archive.filePath(entry!, 'json')!, 'utf8')) as {
      id: string;
      hosts: string[];
      files: { pdf: { sha256: string } };
    };
    expect(record.id).toBe(request.id);
    expect(record.hosts).toContain(host);

    await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages).toHaveLength(1);
    const mail = sink.messages[0]!.parsed;
    expect(mail.subject).toContain('Daily report');
    expect(mail.html || '').toContain(host);
    expect(mail.text || '').toContain(host);
    expect(sink.messages[0]!.envelopeTo.sort()).toEqual(['lead@example.test', 'ops@example.test']);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    const sha = createHash('sha256').update(pdf!.content).digest('hex');
    expect(sha).toBe(record.files.pdf.sha256);
    expect(sha).toBe(entry!.files!.pdf!.sha256);

    const verify = await deps.archive.verify();
    expect(verify).toMatchObject({ ok: true, entries: 1 });
    const stages = (await deps.reports.events(request.id)).map((e) => e.stage);
    expect(stages).toEqual(['generated', 'rendered', 'archived', 'sent']);
  });
});
