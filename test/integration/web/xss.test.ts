import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/index.js';
import { applyResult, initialState } from '../../../src/checks/check-state.js';
import { launchBrowser } from '../../utils/browser.js';
import { plantHost } from '../../utils/plant-host.js';
import { startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const HOST = '<img src=x onerror=alert(1)>';
const PROC = '<img src=x onerror=alert(2)>';
const CHECK = '<script>window.__xss=1</script>';
const MOUNT = '/mnt/"><svg onload=alert(3)>';
const RULE = '<img src=x onerror="window.__xss=2">';
const TAG = '"><script>window.__xss=3</script>';

// Hostile names planted where agents, checks and alerts write them, read back through the real
// readers, and rendered in a real browser: nothing may run, and every name must read literally.
describe('console output escaping', () => {
  let web: TestWeb;
  let browser: Browser;

  beforeAll(async () => {
    web = await startTestWeb({
      extras: (rt) => ({
        checks: createCheckStateReader({ store: rt.deps.checkStore }),
        alerts: rt.deps.alertReader,
      }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('renders planted host, process, mount, check and alert names as text, with no script run', async () => {
    const { deps } = web.rt;
    const now = Date.now();
    await plantHost(deps, {
      host: HOST,
      count: 8,
      stepMs: 10_000,
      end: now,
      tags: [TAG],
      processes: [{ pid: 4242, name: PROC, user: 'root', cpuPct: 12.5, rssBytes: 1_048_576 }],
      disks: [{ mount: MOUNT, usedPct: () => 91 }],
    });
    const checkStore = deps.checkStore;
    const applied = applyResult({
      prev: initialState(CHECK, 30_000),
      raw: { host: HOST, check: CHECK, kind: 'process', status: 'fail', latencyMs: null, message: PROC, t: now },
      retries: 0,
      intervalMs: 30_000,
      inGrace: false,
    });
    await checkStore.write(
      HOST,
      [
        {
          state: applied.state,
          transition: applied.transition,
          restarts: [
            { id: 'r1', t: now - 1_000, host: HOST, check: CHECK, reason: PROC, command: 'systemctl restart x', exitCode: 1, recovered: false, budgetLeft: 2 },
          ],
        },
      ],
      now,
    );
    const alertStore = deps.alertStore;
    const instance = {
      key: 'k1',
      rule: RULE,
      host: HOST,
      labels: { mount: MOUNT },
      severity: 'critical' as const,
      status: 'firing' as const,
      since: now - 60_000,
      firedAt: now - 30_000,
      resolvedAt: null,
      value: 91,
      message: PROC,
    };
    await alertStore.commit({ upsert: [{ instance, lastDataAt: now }], remove: [], resolved: [], groups: [], notifications: [], log: [] }, now);

    const host = `/hosts/${encodeURIComponent(HOST)}?range=1h`;
    const expectations: Array<[string, string[]]> = [
      ['/', [HOST, CHECK, RULE, TAG, MOUNT]],
      [host, [HOST, PROC, CHECK, MOUNT, RULE, TAG]],
      ['/alerts', [HOST, RULE, PROC]],
      ['/reports', [HOST]],
    ];
    for (const [path, literals] of expectations) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const cspViolations: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
      const res = await page.goto(`${web.url}${path}`, { waitUntil: 'load' });
      expect(res?.status(), path).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      const seen = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
        text: document.body.innerText,
        planted: document.querySelectorAll('img[src="x"], svg[onload], script:not([src]), [onerror]').length,
      }));
      expect(dialogs, path).toEqual([]);
      expect(seen.xss, path).toBeNull();
      expect(seen.planted, path).toBe(0);
      for (const literal of literals) expect(seen.text, `${path} shows ${literal}`).toContain(literal);
      expect(cspViolations, path).toEqual([]);
      await page.close();
    }
  });
});
