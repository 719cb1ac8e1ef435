import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest, type AdhocOptions } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { pdfPages } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

const flat = (s: string) => s.replace(/\s+/g, ' ');
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' });

/** How far down each page its content reaches (0–1), header and footer left out, from pdftotext's word boxes. */
function pageFill(pdf: string): number[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => {
    const height = Number(m[2]);
    // 18 mm header and 16 mm footer margins in points.
    const top = (18 / 25.4) * 72;
    const bottom = height - (16 / 25.4) * 72;
    const ys = [...m[3]!.matchAll(/yMax="([\d.]+)"/g)].map((w) => Number(w[1])).filter((y) => y > top && y < bottom);
    return ys.length === 0 ? 0 : (Math.max(...ys) - top) / (bottom - top);
  });
}

// What the agents collect is in the report: swap, disk IO, every interface with traffic, disk trends.
describe('report contents and layout', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const reports = {
      weekly: { template: 'fleet', period: 'week', recipients: { to: ['ops@example.test'] } },
      shaped: { template: 'fleet', period: 'week', hosts: ['sim-001'], showIdleInterfaces: ['ifb0'], recipients: { to: ['ops@example.test'] } },
    };
    // The simulated service as a configured check: its retries are known to the accounting.
    const checks = [{ name: 'sim-service', kind: 'tcp', host: '127.0.0.1', port: 1, retries: 2 }];
    rt = createRuntime({
      config: testConfig({ prefix, raw: { reports, checks }, env: { SMTP_URL: sink.url } }),
      log: silentLogger(),
      redisUrl: TEST_REDIS_URL,
    });
    const stores = { checks: rt.deps.checkStore, alerts: rt.deps.alertStore };
    await simulateFleet({ store: rt.deps.store, hosts: rt.deps.hosts, ...stores, count: 4, days: 10, seed: 9, stepMs: 15 * 60_000 });
  });
  afterAll(async () => {
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  const report = async (name: string, adhoc: AdhocOptions = {}) => {
    const request = buildReportRequest({ config: rt.deps.config, name, trigger: 'adhoc', at: Date.now(), adhoc });
    await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const before = sink.messages.length;
    await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
    await sink.waitFor(before + 1);
    const mail = sink.messages[before]!.parsed;
    const pdf = join(rt.deps.config.paths.data, `${request.id}.pdf`);
    writeFileSync(pdf, mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }), mail };
  };

  it('charts and tables swap, disk IO, network per interface and disk usage, and leaves idle interfaces out', async () => {
    const { pdf, text } = await report('weekly');
    // A host's section runs from its heading (followed by the simulated-host line) to the next one.
    const heads = [...text.matchAll(/Host (sim-\d{3}) +(?:OK|WARN|FAIL)\s*\n\s*Simulated host/g)].map((m) => ({ host: m[1]!, at: m.index }));
    const hostText = (host: string) => {
      const i = heads.findIndex((h) => h.host === host);
      return flat(text.slice(heads[i]!.at, heads[i + 1]?.at ?? text.length));
    };
    expect(heads.map((h) => h.host)).toEqual(['sim-001', 'sim-002', 'sim-003', 'sim-004']);
    // sim-001 has swap and a backup NIC; sim-003 (every third host) has no swap.
    const one = hostText('sim-001');
    for (const title of [
      'Memory and swap used',
      'Swap peak',
      'Disk usage (used %)',
      'Disk busy time (%)',
      'Disk throughput',
      'Disk IOPS (read + write)',
      'Network traffic',
      'Disk IO',
    ])
      expect(one).toContain(title);
    expect(one).toMatch(/Disk IO Device Read avg Read peak Write avg Write peak IOPS avg \/ peak Busy avg \/ peak (sd[ab] [\d.,]+ \w+\/s .*){2}/);
    expect(one).toMatch(/eth0 [\d.]+ \wiB\/s/);
    expect(one).toMatch(/eth1 [\d.]+ \w*B\/s/);
    expect(one).toContain('Left out: ifb0 carried no traffic, errors or drops in the period.');
    expect(one).not.toMatch(/ifb0 [\d<]/);
    const three = hostText('sim-003');
    expect(three).toContain('Memory used');
    expect(three).not.toContain('Swap peak');

    // The fleet PDF has the mail's per-host table, before the first host.
    const glance = text.search(/Hosts at a glance\s*\n\s*Host\s+Status/);
    expect(glance).toBeGreaterThan(0);
    expect(glance).toBeLessThan(text.indexOf('Simulated host'));
    for (const host of ['sim-001', 'sim-002', 'sim-003', 'sim-004'])
      expect(flat(text.slice(glance, glance + 3000))).toMatch(new RegExp(`${host} (OK|WARN|FAIL) [\\d.]+% [\\d.]+% [\\d.]+% (100|[\\d.]+)%`));

    // Hosts flow on: some page holds the end of one host and the start of the next, and no page
    // but the last is left mostly blank.
    const pages = pdfPages(pdf);
    const both = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1)).filter(
      (p) => /Data gaps/.test(p) && /Host sim-00\d\s+(OK|WARN|FAIL)/.test(p) && p.indexOf('Data gaps') < p.search(/Host sim-00\d\s+(OK|WARN|FAIL)/),
    );
    expect(both.length).toBeGreaterThan(0);
    const fill = pageFill(pdf);
    expect(fill.slice(0, -1).filter((f) => f < 0.4)).toEqual([]);
  });

  it('shows an idle interface that the report names in showIdleInterfaces', async () => {
    const { text } = await report('shaped');
    expect(flat(text)).toMatch(/ifb0 0 B\/s 0 B\/s 0 B\/s 0 B\/s 0 0/);
    expect(text).not.toContain('Left out: ifb0');
  });

  it('zh-CN: a localised title and subject, no English explanation, headers and badges unbroken, zero durations in seconds', async () => {
    const { text, mail } = await report('weekly', { locale: 'zh-CN' });
    expect(
      text
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim()
        .startsWith('周报'),
    ).toBe(true);
    expect(mail.subject).toMatch(/^周报 — \d{4}年/);
    expect(text).not.toContain('Weekly');
    expect(mail.text ?? '').not.toContain('Weekly');
    // sim-004 runs the flapping service: availability, restarts and alerts tables in Chinese.
    for (const word of ['可用性的计算方式', '连续失败', '退出码', '已恢复', '恢复时间', '故障时长', '严重']) expect(text).toContain(word);
    expect(text).toContain('0秒');
    expect(text).not.toMatch(/\b0ms\b/);
    // Data (host names, probe messages, commands, model names) stays as it is; no English sentence is left.
    const data =
      /connect ECONNREFUSED[\s\d.:]*|systemctl restart|\b(?:sd[a-z]|eth\d|ifb\d|var|data)\b|check sim-service failing:?|Simulated (Linux|CPU)|checkup simulate|ETS\([A-Z,d]+\)|sim-service(\.service)?|sim-\d+|weekly-[\w-]+/g;
    const english = flat(text.replace(data, ' ')).match(/\b[A-Za-z]{2,}( [A-Za-z]{2,}){2,}\b/g) ?? [];
    expect([...new Set(english)]).toEqual([]);
  });
});
