import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentRole } from '../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { startWorkerRole } from '../../src/app/worker-role.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startWebRole } from '../../src/web/web-role.js';
import { launchBrowser } from '../utils/browser.js';
import { plantHost } from '../utils/plant-host.js';
import { pdfText } from '../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { testConfig } from '../utils/test-config.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/** A deterministic wobble, so the planted history looks like a real host's and never changes. */
function wobble(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648 - 0.5) * 2;
}

// A person's path through the console with every real part running: this host's agent, the
// workers (Chromium, SMTP sink), Redis, and the console in a headless Chromium.
describe('web console end to end', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;
  let web: { url: string; close(): Promise<void> };
  let browser: Browser;
  let agent: { worker: Worker; close(): Promise<void> };
  const workers: Worker[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sink = await startSmtpSink();
    const config = testConfig({
      prefix,
      raw: {
        agent: { interval: '1s', slowInterval: '2s' },
        web: { port: 0, adhocRecipients: ['@example.test'] },
        reports: {
          daily: { title: 'Daily health', schedule: '0 7 * * *', timezone: 'Europe/Berlin', period: 'day', recipients: { to: ['ops@example.test'] } },
          weekly: {
            title: 'Weekly fleet review',
            schedule: '0 8 * * 1',
            timezone: 'UTC',
            period: 'week',
            template: 'fleet',
            recipients: { to: ['leads@example.test'] },
          },
        },
      },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    agent = await startAgentRole(rt);
    workers.push(...(await startWorkerRole(rt)).workers);
    web = await startWebRole(rt, {});
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await agent?.close();
    await Promise.all(workers.map((w) => w.close()));
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  it('shows the fleet and a host, queues a report from the form, follows it, and downloads the PDF', async () => {
    const { deps } = rt;
    const host = deps.config.hostId;
    await expect
      .poll(
        async () =>
          (await deps.store.range({ host, metric: 'mem.used_pct', from: Date.now() - 60_000, to: Date.now(), step: 1_000 }))[0]?.points.filter(
            (p) => p.v !== null,
          ).length ?? 0,
        { timeout: 20_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(3);
    // Two simulated neighbours with a day of history, so the fleet has more than one story to tell.
    const day = 288;
    const w1 = wobble(7);
    await plantHost(deps, {
      host: 'db-1',
      count: day,
      stepMs: 300_000,
      simulated: true,
      tags: ['production'],
      info: { os: 'Ubuntu 22.04.4 LTS', kernel: '5.15.0-105-generic', cpuModel: 'AMD EPYC 7B13', cores: 8 },
      cpu: (i) => 38 + 22 * Math.sin((i / day) * 2 * Math.PI) + 4 * w1(),
      mem: (i) => 71 + 3 * Math.sin(i / 20) + w1(),
      disks: [
        { mount: '/', usedPct: () => 41.3 },
        { mount: '/var/lib/postgresql', usedPct: (i) => 72 + (12 * i) / day + 0.2 * w1(), device: '/dev/nvme1n1' },
      ],
    });
    const w2 = wobble(11);
    await plantHost(deps, {
      host: 'web-2',
      count: day,
      stepMs: 300_000,
      simulated: true,
      tags: ['production'],
      info: { os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-21-amd64', cpuModel: 'Intel Xeon Gold 6338', cores: 4 },
      cpu: (i) => 18 + 6 * Math.sin((i / day) * 4 * Math.PI) + 3 * w2(),
      mem: () => 52 + w2(),
      disks: [{ mount: '/', usedPct: () => 63.8 }],
    });

    const page = await browser.newPage();
    await page.setViewport({ width: 1360, height: 900 });
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await page.goto(`${web.url}/`, { waitUntil: 'load' });
    const overview = await page.evaluate(() => document.body.innerText);
    for (const name of [host, 'db-1', 'web-2']) expect(overview).toContain(name);
    expect(await page.$$eval('table.hosts tbody tr', (rows) => rows.length)).toBe(3);
    expect(await page.$eval('tr.row-warn', (row) => row.textContent ?? '')).toContain('db-1');
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });

    const started = Date.now();
    await page.goto(`${web.url}/hosts/db-1?range=24h`, { waitUntil: 'load' });
    // Forecasts are fitted per request: a day of five-minute buckets must still feel instant.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await page.$$eval('.chart-card img', (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(5);
    const dbText = await page.evaluate(() => document.body.innerText);
    expect(dbText).toContain('/var/lib/postgresql');
    expect(dbText).toMatch(/shaded: 80% forecast \(ETS\(/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-host.png'), fullPage: true });

    await page.goto(`${web.url}/`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click(`a.host-link[href="/hosts/${encodeURIComponent(host)}"]`)]);
    expect(await page.$eval('h1', (h) => h.textContent ?? '')).toContain(host);
    expect(await page.$$eval('.proc-name', (cells) => cells.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-host-self.png'), fullPage: true });

    // The ad-hoc form, filled in and sent as a person would.
    await page.goto(`${web.url}/reports`, { waitUntil: 'load' });
    const schedules = await page.$eval('table.grid', (t) => t.textContent ?? '');
    expect(schedules).toContain('Daily health');
    expect(schedules).toContain('Europe/Berlin');
    await page.screenshot({ path: join(ARTIFACTS, 'console-reports.png'), fullPage: true });
    await page.select('select[name="report"]', 'daily');
    await page.click(`input[name="hosts"][value="${host}"]`);
    await page.select('select[name="period"]', 'day');
    await page.select('select[name="locale"]', 'en');
    await page.type('input[name="emails"]', 'e2e@example.test');
    await Promise.all([page.waitForNavigation(), page.click('#adhoc-form button[type="submit"]')]);
    const reportPath = new URL(page.url()).pathname;
    expect(reportPath).toMatch(/^\/reports\/daily-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    const reportId = decodeURIComponent(reportPath.split('/')[2]!);

    // The page follows the report by itself and shows the downloads once it is delivered.
    await page.waitForSelector('#pdf-link', { timeout: 120_000 });
    expect(await page.$eval('#report-status', (e) => e.textContent)).toBe('delivered');
    const stages = await page.$$eval('table.grid .stage', (s) => s.map((e) => e.textContent));
    expect(stages).toEqual(['generated', 'rendered', 'archived', 'sent']);
    await page.screenshot({ path: join(ARTIFACTS, 'console-report.png'), fullPage: true });

    const downloads = mkdtempSync(join(tmpdir(), 'checkup-e2e-dl-'));
    try {
      const cdp = await browser.target().createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      await page.click('#pdf-link');
      await expect.poll(() => readdirSync(downloads).filter((f) => f.endsWith('.pdf')).length, { timeout: 20_000, interval: 200 }).toBe(1);
      const file = join(
        downloads,
        readdirSync(downloads).find((f) => f.endsWith('.pdf'))!,
      );
      const text = pdfText(file);
      expect(text).toContain(host);
      expect(text).toContain('Executive summary');
      const entry = await deps.archive.findByReport(reportId);
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(entry!.files!.pdf!.sha256);
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }

    await sink.waitFor(1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.envelopeTo).toEqual(['e2e@example.test']);
    expect(sink.messages[0]!.parsed.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);

    await page.goto(`${web.url}/archive`, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.body.innerText)).toContain('Chain intact');
    await page.screenshot({ path: join(ARTIFACTS, 'console-archive.png') });
    expect(cspViolations).toEqual([]);
    await page.close();

    // Bull Board renders under its CSP; the one thing refused is the web font it asks Google for.
    const board = await browser.newPage();
    await board.setViewport({ width: 1360, height: 800 });
    const refused: string[] = [];
    board.on('requestfailed', (r) => refused.push(new URL(r.url()).host));
    await board.goto(`${web.url}/admin/queues`, { waitUntil: 'networkidle0' });
    await board.waitForFunction((q: string) => document.body.innerText.includes(q), { timeout: 10_000 }, `collect-${host}`);
    for (const q of ['report', 'deliver', 'maintenance']) expect(await board.evaluate(() => document.body.innerText)).toContain(q);
    expect([...new Set(refused)].every((h) => h === 'fonts.googleapis.com')).toBe(true);
    await board.screenshot({ path: join(ARTIFACTS, 'console-queues.png') });
    await board.close();
  });
});
