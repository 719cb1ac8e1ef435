import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import type { SecurityBatch } from '../../../src/security/store/security-repo.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { pdfText } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const BOLD = '<b>eve</b>';

/** No attacker string may reach markup unescaped. */
const RAW = [SCRIPT, IMG, BOLD];

describe('the Security section of a report', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;
  const now = Date.now();

  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = testConfig({
      prefix,
      raw: { reports: { daily: { period: 'day', template: 'fleet', timezone: 'UTC', recipients: { to: ['ops@example.test'] } } } },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 3,
      days: 2,
      seed: 3,
      stepMs: 10 * 60_000,
    });
    const repo = rt.deps.security;
    const t = now - 3 * 3_600_000;
    const auth = (
      host: string,
      id: string,
      failures: { source: string; count: number; users: string[] }[],
      extra: Partial<NonNullable<SecurityBatch['auth']>['delta']> = {},
    ): SecurityBatch => ({
      host,
      batchId: id,
      at: t,
      auth: {
        sources: ['auth'],
        delta: {
          failures: failures.map((f) => ({ ...f, usersMore: false, firstSeen: t - 60_000, lastSeen: t })),
          users: failures.flatMap((f) => f.users.map((user) => ({ user, count: 1 }))),
          minutes: [],
          accepted: [],
          sudo: [],
          accounts: [],
          ...extra,
        },
      },
    });
    await repo.write(
      auth('sim-001', 'a', [{ source: '203.0.113.9', count: 7, users: [SCRIPT, IMG, 'root'] }], {
        accepted: [{ user: BOLD, source: '198.51.100.23', method: 'publickey', time: t }],
        sudo: [{ user: 'bob', runAs: 'root', command: `/bin/echo ${SCRIPT}`, ok: false, time: t, detail: 'user NOT in sudoers' }],
      }),
    );
    await repo.write(auth('sim-002', 'b', [{ source: '203.0.113.9', count: 5, users: ['admin'] }]));
    await repo.write({
      host: 'sim-003',
      batchId: 'c',
      at: t,
      auth: { sources: [], delta: { failures: [], users: [], minutes: [], accepted: [], sudo: [], accounts: [] } },
    });
  });
  afterAll(async () => {
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  it('counts, flags and escapes attacker strings in the report HTML, the PDF and the mail', async () => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: now, adhoc: {} });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const entry = await rt.deps.archive.get(archiveId);
    const html = (await rt.deps.archive.readFile(entry!, 'html'))!.toString('utf8');
    for (const raw of RAW) expect(html).not.toContain(raw);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');

    const before = sink.messages.length;
    await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
    await sink.waitFor(before + 1);
    const mail = sink.messages[before]!.parsed;
    const mailHtml = mail.html || '';
    for (const raw of RAW) expect(mailHtml).not.toContain(raw);
    // The fleet block: a source that attacked two hosts, and the login from a never-seen source.
    expect(mailHtml).toContain('Security across hosts');
    expect(mailHtml).toContain('&lt;b&gt;eve&lt;/b&gt; from 198.51.100.23');

    const pdf = join(rt.deps.config.paths.data, `${request.id}.pdf`);
    writeFileSync(pdf, mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    const text = pdfText(pdf);
    // What the attacker typed, shown as text.
    expect(text).toContain(SCRIPT);
    expect(text).toContain(IMG);
    expect(text).toContain(`sim-001: ${BOLD} from 198.51.100.23`);
    expect(text).toMatch(/7 failed logins from 1 sources\./);
    expect(text).toMatch(/203\.0\.113\.9\s+2\s+12\s+4\s+sim-001 and sim-002/);
    expect(text).toMatch(/0 runs, 1 failed/);
    expect(text).toContain('new source');
    expect(text).toContain('No auth sources configured');
    // sim-003 has no auth source: it is not one of the hosts the failed logins were counted on.
    expect(text).toMatch(/12 failed logins from 1 sources on the 2 hosts whose auth\s+events\s+were\s+read/);
    expect(text).toMatch(/On\s+the\s+3\s+hosts\s+with\s+security\s+signals/);
  });

  it('says the same in zh-CN', async () => {
    const request = buildReportRequest({
      config: rt.deps.config,
      name: 'daily',
      trigger: 'adhoc',
      at: now,
      adhoc: { hosts: ['sim-001', 'sim-003'], locale: 'zh-CN' },
    });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const entry = (await rt.deps.archive.get(archiveId))!;
    const pdf = join(rt.deps.config.paths.data, `${request.id}.pdf`);
    writeFileSync(pdf, (await rt.deps.archive.readFile(entry, 'pdf'))!);
    const text = pdfText(pdf);
    expect(text).toContain('7 次登录失败，来自 1 个来源。');
    expect(text).toContain('未配置认证日志来源');
    expect(text).toContain('新来源');
    expect(text).toContain(SCRIPT);
    expect(text).not.toContain('failed logins from');
  });
});
