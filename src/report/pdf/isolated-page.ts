import { randomUUID } from 'node:crypto';
import type { HTTPRequest, Page } from 'puppeteer';

/**
 * The policy every rendered document gets as an HTTP response header, whatever its own <meta>
 * says (a user template may drop that): nothing but inline styles and data: images and fonts,
 * no base, no forms, no frames, and a sandbox (no scripts, no plugins, opaque origin).
 */
export const RENDER_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/**
 * Loads `html` into `page` so that it can fetch nothing, in three layers, each enough on its own
 * for what it covers:
 *  1. request interception: the document itself is served from here (with RENDER_CSP as a
 *     response header) under a one-off URL; every other request is aborted;
 *  2. CDP Network.setBlockedURLs: everything but that URL and data: is blocked in the network
 *     layer, below interception (prefetch, preconnect and the like bypass interception);
 *  3. the browser's proxy (browser-supervisor) refuses any connection that still gets out.
 * Returns the URLs that were refused, for the log.
 */
export async function loadIsolated(o: { page: Page; html: string; timeoutMs: number }): Promise<string[]> {
  const { page } = o;
  const blocked: string[] = [];
  // .invalid never resolves (RFC 2606), and the path is new for every render.
  const docUrl = `https://render.checkup.invalid/${randomUUID()}`;
  let served = false;
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (r: HTTPRequest) => {
    const url = r.url();
    if (!served && url === docUrl && r.isNavigationRequest() && r.frame() === page.mainFrame()) {
      served = true;
      return void r.respond({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': RENDER_CSP, 'x-content-type-options': 'nosniff' },
        body: o.html,
      });
    }
    if (url.startsWith('data:')) return void r.continue();
    blocked.push(url);
    void r.abort('blockedbyclient');
  });
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Network.enable');
    await cdp.send('Network.setBlockedURLs', {
      urlPatterns: [
        { urlPattern: docUrl, block: false },
        { urlPattern: '*://*:*/*', block: true },
      ],
      urls: ['*://*'],
    });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  await page.goto(docUrl, { waitUntil: 'load', timeout: o.timeoutMs });
  return blocked;
}
