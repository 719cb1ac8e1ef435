import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { logLine } from '../../../src/logs/display-text.js';
import { templateId } from '../../../src/logs/mining/template-id.js';
import { buildReportModel } from '../../../src/report/model/build-report-model.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { HOSTILE_EXAMPLE, HOSTILE_TEMPLATE, logBatch, type TestLines } from '../../utils/log-batches.js';
import { pdfText } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

const HOUR = 3_600_000;
const DISK = 'EXT4-fs warning (device <*>): ext4_dx_add_entry: directory index full';
const BUG = 'kernel BUG at <*>';
const NOTICE = 'systemd: Started <*> (new unit)';

// Three simulated hosts: sim-001 logged all along (a hostile error template, a warning that bursts
// once, two templates new in the period), sim-002 was read only from 14:02 on, sim-003 sends no logs.
describe('the Logs section of a report', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;
  const to = Math.floor(Date.now() / HOUR) * HOUR;
  const from = to - 24 * HOUR;

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
      seed: 7,
      stepMs: 10 * 60_000,
      now: to,
    });

    const hour = (i: number) => from + i * HOUR;
    const one: TestLines[] = [];
    for (let i = -24; i < 24; i++) {
      // The previous period: 10 an hour of the hostile error, 2 of the warning.
      one.push({ template: HOSTILE_TEMPLATE, severity: 'err', minute: hour(i), count: i < 0 ? 10 : 30, example: HOSTILE_EXAMPLE });
      one.push({
        template: DISK,
        severity: 'warning',
        minute: hour(i),
        count: i === 5 ? 200 : 2,
        example: 'EXT4-fs warning (device sda1): ext4_dx_add_entry: directory index full',
      });
    }
    one.push({ template: NOTICE, severity: 'notice', minute: hour(8), count: 50, example: 'systemd: Started backup.service (new unit)' });
    one.push({ template: BUG, severity: 'crit', minute: hour(10) + 5 * 60_000, count: 3, example: 'kernel BUG at mm/slub.c:123' });
    await rt.deps.logs.write(logBatch({ host: 'sim-001', since: from - 3 * 24 * HOUR, lastRead: Date.now(), lines: one }));

    const since = from + 14 * HOUR + 2 * 60_000;
    const two = Array.from({ length: 9 }, (_, k) => ({ template: HOSTILE_TEMPLATE, severity: 'err' as const, minute: hour(15 + k), count: 5 }));
    await rt.deps.logs.write(
      logBatch({ host: 'sim-002', source: 'journal', since, lastRead: Date.now(), problem: 'journalctl exited (code 1); retrying', lines: two }),
    );
    // A log alert firing on sim-001: the report's alerts table shows its template too.
    const alert = {
      key: 'login-failures/sim-001',
      rule: 'login-failures',
      host: 'sim-001',
      labels: {},
      severity: 'critical' as const,
      status: 'firing' as const,
      since: to - HOUR,
      firedAt: to - HOUR,
      resolvedAt: null,
      value: 30,
      message: '30 matching line(s) in the last 5m (threshold >= 3)',
      log: { templateId: templateId(HOSTILE_TEMPLATE), template: logLine(HOSTILE_TEMPLATE), example: logLine(HOSTILE_EXAMPLE) },
    };
    await rt.deps.alertStore.commit({ upsert: [{ instance: alert, lastDataAt: to }], remove: [], resolved: [], groups: [], notifications: [], log: [] }, to);
  }, 120_000);

  afterAll(async () => {
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  it('states counts, comparisons, new templates, bursts and its basis, and nothing where no log was read', async () => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: to, adhoc: { from, to } });
    const model = await buildReportModel({
      request,
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      strings: rt.deps.templates.strings('en'),
      now: to,
      checks: rt.deps.checkState,
      alerts: rt.deps.alertReader,
      logs: rt.deps.logs,
    });
    const logsOf = (id: string) => model.hosts.find((h) => h.id === id)!.logs!;

    const one = logsOf('sim-001');
    if (!one.configured) throw new Error('sim-001 has a log source');
    expect(one.coverage).toMatchObject({ pct: 100, partial: false });
    expect(one.coverageNote).toBeNull();
    expect(one.totals).toEqual({ errors: 720 + 3, warnings: 200 + 23 * 2, total: 720 + 246 + 50 + 3 });
    expect(one.chart).toContain('<svg');
    expect(one.top.map((t) => [t.id, t.count, t.previous, t.changeText])).toEqual([
      [templateId(HOSTILE_TEMPLATE), 720, 240, '+200%'],
      [templateId(DISK), 246, 48, '+413%'],
      [templateId(NOTICE), 50, 0, 'new'],
      [templateId(BUG), 3, 0, 'new'],
    ]);
    expect(one.top[0]).toMatchObject({ template: logLine(HOSTILE_TEMPLATE), example: logLine(HOSTILE_EXAMPLE), severity: 'err' });
    // New ones: the crit before the notice though it logged less.
    expect(one.fresh.map((t) => [t.id, t.severity, t.firstSeen])).toEqual([
      [templateId(BUG), 'crit', from + 10 * HOUR + 5 * 60_000],
      [templateId(NOTICE), 'notice', from + 8 * HOUR],
    ]);
    expect(one.bursts.map((b) => [b.id, b.peakAt, b.peak, b.median, b.hours])).toEqual([
      [templateId(DISK), from + 5 * HOUR, 200, 2, 1],
      [templateId(NOTICE), from + 8 * HOUR, 50, 0, 1],
    ]);
    expect(one.burstRule).toBe(
      "A burst is an hour with at least 10 times the template's median hourly count over the hours read, and at least 20 lines; checked for the 30 most frequent templates.",
    );

    const two = logsOf('sim-002');
    if (!two.configured) throw new Error('sim-002 has a log source');
    // 14:02 to 24:00 is 9 h 58 min of 24 h.
    const clock = new Date(from + 14 * HOUR + 2 * 60_000).toISOString().slice(11, 16);
    expect(two.coverageNote).toMatch(new RegExp(`^Logs read since \\w{3} ${clock}, 42% of the period: counts cover that part only\\.$`));
    expect(two.sources).toEqual([
      { source: 'journal', since: from + 14 * HOUR + 2 * 60_000, lastRead: expect.any(Number), problem: 'journalctl exited (code 1); retrying' },
    ]);
    // The previous period was not read: no previous count, no change, rather than a false "new".
    expect(two.top.map((t) => [t.count, t.previous, t.changeText])).toEqual([[45, null, '—']]);
    expect(two.previousRead).toBe(false);
    expect(two.totals).toEqual({ errors: 45, warnings: 0, total: 45 });

    expect(logsOf('sim-003')).toEqual({ configured: false });

    expect(model.fleetLogs).toEqual({
      hostsWithLogs: 2,
      hostCount: 3,
      rows: [
        expect.objectContaining({ id: templateId(HOSTILE_TEMPLATE), count: 765, hosts: 2, hostNames: ['sim-001', 'sim-002'] }),
        expect.objectContaining({ id: templateId(BUG), count: 3, hosts: 1, severity: 'crit' }),
      ],
    });
  }, 60_000);

  it('shows the hostile template as text in the HTML, the PDF and both parts of the mail', async () => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: to, adhoc: { from, to } });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const entry = (await rt.deps.archive.findByReport(request.id))!;
    expect(entry.id).toBe(archiveId);
    const html = (await rt.deps.archive.readFile(entry, 'html'))!.toString('utf8');
    expect(html).toContain('No log sources configured.');
    expect(html).toContain('Logs read since');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; *bold* _x_ [link](http://evil) &lt;@U123&gt; &#x60;rm -rf /&#x60;');
    expect(html).not.toMatch(/<img|onerror=alert|<@U123>/);
    expect(html).toContain(' ⏎ RESOLVED: all fine');
    expect(html).toContain('30 matching line(s) in the last 5m (threshold &gt;&#x3D; 3)<div class="muted tpl">Failed login for &lt;*&gt; &lt;img src&#x3D;x');

    await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
    await sink.waitFor(1);
    const mail = sink.messages[0]!.parsed;
    const pdf = join(rt.deps.config.paths.data, `${request.id}.pdf`);
    writeFileSync(pdf, mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    // Wrapped table cells put line breaks anywhere in the text; the characters themselves are what count.
    const compact = (s: string) => s.replace(/\s+/g, '');
    const text = compact(pdfText(pdf));
    expect(text).toContain(compact(`Failed login for <*> <img src=x onerror=alert(1)> *bold* _x_ [link](http://evil) <@U123> \`rm -rf /\``));
    expect(text).toContain(
      compact('Failed login for mallory <img src=x onerror=alert(1)> *bold* _x_ [link](http://evil) <@U123> `rm -rf /` ⏎ RESOLVED: all fine'),
    );
    expect(text).toContain(compact('No log sources configured.'));

    expect(mail.text).toContain(`- 765× [err] on 2 host(s): ${logLine(HOSTILE_TEMPLATE)}\n`);
    expect(mail.text).toContain('2 of 3 hosts send logs');
    expect(mail.html || '').toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(mail.html || '').not.toMatch(/<img|onerror=alert|<@U123>/);
  }, 120_000);

  it('speaks Chinese in a zh-CN report', async () => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: to, adhoc: { from, to, locale: 'zh-CN' } });
    const strings = rt.deps.templates.strings('zh-CN');
    const model = await buildReportModel({
      request,
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      strings,
      now: to,
      checks: rt.deps.checkState,
      alerts: rt.deps.alertReader,
      logs: rt.deps.logs,
    });
    const html = rt.deps.templates.render('layouts/fleet', { ...model, overview: [] }, { locale: 'zh-CN', timezone: 'UTC' });
    for (const text of [
      '未配置日志来源。',
      '此主机首次出现的模板',
      '各主机最常见的错误模板',
      '每小时错误与警告',
      '突增指某小时的行数不少于该模板',
      '占本期 42%',
    ])
      expect(html).toContain(text);
    expect(html).not.toMatch(/Logs read since|No log sources|Most frequent/);
  }, 60_000);
});
