import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts, type AlertDeps } from '../../../src/alert/evaluate.js';
import { launchBrowser } from '../../utils/browser.js';
import { plantHost } from '../../utils/plant-host.js';
import { startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const COMMENT = '<img src=x onerror="window.__xss=1"> reboot & "patch"';
const AUTHOR = '<script>window.__xss=2</script>';

// A person silences a firing alert from the console in a real browser, then expires it.
describe('silencing from the console', () => {
  let web: TestWeb;
  let browser: Browser;
  let deps: AlertDeps;

  beforeAll(async () => {
    web = await startTestWeb({
      raw: {
        alerts: {
          groupWait: 0,
          rules: [{ name: 'mem-high', type: 'metric', metric: 'mem.used_pct', threshold: 90 }],
          channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/never-called' } },
        },
      },
      extras: (rt) => ({ alerts: rt.deps.alertReader }),
    });
    deps = { ...web.rt.deps, enqueue: async () => 'job' };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const watch = (page: Page) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return dialogs;
  };
  const xss = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null);

  it('pre-fills the form from the alert, creates the silence, shows who and what, and expires it', async () => {
    await plantHost(web.rt.deps, { host: 'web-9', count: 1, stepMs: 1_000, mem: () => 97 });
    expect((await evaluateAlerts({ deps })).fired).toBe(1);
    const page = await browser.newPage();
    const dialogs = watch(page);
    await page.goto(`${web.url}/alerts`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation(), page.click('a.silence-link')]);
    expect(await page.$eval('#silence-form textarea[name="matchers"]', (t) => (t as HTMLTextAreaElement).value)).toBe('host=web-9\nrule=mem-high');

    await page.type('#silence-form input[name="comment"]', COMMENT);
    await page.type('#silence-form input[name="createdBy"]', AUTHOR);
    await page.$eval('#silence-form input[name="duration"]', (i) => ((i as HTMLInputElement).value = '45m'));
    await Promise.all([page.waitForNavigation(), page.click('#silence-form button[type="submit"]')]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/alerts');
    const id = url.searchParams.get('silenced');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const row = `tr.silence[data-id="${id}"]`;
    expect(await page.$eval(row, (r) => r.classList.contains('just-created'))).toBe(true);
    const text = await page.$eval(row, (r) => (r as HTMLElement).innerText);
    for (const literal of ['host=web-9', 'rule=mem-high', 'active', COMMENT, AUTHOR]) expect(text).toContain(literal);

    // The next evaluation keeps the silenced alert quiet and says so; the row shows it.
    await evaluateAlerts({ deps });
    await page.reload({ waitUntil: 'load' });
    expect(await page.$eval(row, (r) => (r as HTMLElement).innerText)).toContain('mem-high/web-9');
    // Kept for a human to look at.
    mkdirSync('test-artifacts', { recursive: true });
    await page.setViewport({ width: 1360, height: 900 });
    await page.screenshot({ path: 'test-artifacts/console-silences.png', fullPage: true });

    await page.type(`${row} .expire-form input[name="by"]`, 'frank');
    await Promise.all([page.waitForNavigation(), page.click(`${row} .expire-form button`)]);
    const after = await page.$eval(row, (r) => (r as HTMLElement).innerText);
    expect(after).toContain('expired');
    expect(after).toContain('expired by frank');
    expect(await page.$(`${row} .expire-form`)).toBeNull();
    expect(dialogs).toEqual([]);
    expect(await xss(page)).toBeNull();
    expect(await page.$$eval('img[src="x"], [onerror], script:not([src])', (n) => n.length)).toBe(0);
    await page.close();
  });

  it('shows a bad form input as a 400 naming the field, and refuses a post without its token', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.url}/alerts`, { waitUntil: 'load' });
    await page.type('#silence-form textarea[name="matchers"]', 'host=web-9');
    await page.type('#silence-form input[name="comment"]', 'x');
    await page.type('#silence-form input[name="createdBy"]', 'gina');
    await page.$eval('#silence-form input[name="duration"]', (i) => ((i as HTMLInputElement).value = '5s'));
    const [res] = await Promise.all([page.waitForNavigation(), page.click('#silence-form button[type="submit"]')]);
    expect(res?.status()).toBe(400);
    expect(await page.evaluate(() => document.body.innerText)).toContain('duration: a silence lasts from 1m to 90d (got 5s)');
    await page.close();

    const form = new URLSearchParams({ matchers: 'host=web-9', duration: '1h', comment: 'c', createdBy: 'mallory' });
    const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: web.url };
    expect((await fetch(`${web.url}/alerts/silences`, { method: 'POST', headers, body: form, redirect: 'manual' })).status).toBe(403);
    const other = { ...headers, origin: 'http://attacker.example' };
    expect((await fetch(`${web.url}/alerts/silences`, { method: 'POST', headers: other, body: form, redirect: 'manual' })).status).toBe(403);
    expect((await web.rt.deps.alertReader.silences()).map((s) => s.createdBy)).not.toContain('mallory');
  });
});
