import { availableParallelism } from 'node:os';
import type { Page } from 'puppeteer';
import type { Checkpoint } from '../../shared/checkpoint.js';
import type { Logger } from '../../shared/logger.js';
import { AppError } from '../../shared/errors.js';
import { createBrowserSupervisor } from './browser-supervisor.js';
import { headerFooter } from './header-footer.js';
import { loadIsolated } from './isolated-page.js';
import { createSemaphore } from './semaphore.js';

export type PdfRequest = {
  html: string;
  paper: 'A4' | 'Letter';
  /** Shown in every page's header and footer. */
  title: string;
  period: string;
  scope: string;
  locale: string;
  timeoutMs: number;
  /** Tagged (accessible) PDF structure; slower and larger. */
  tagged?: boolean;
};

export type PdfRenderer = {
  render(req: PdfRequest): Promise<{ pdf: Buffer; blockedRequests: string[] }>;
  restarts(): number;
  /** Connections that escaped interception and were refused by the browser's proxy. */
  refusedConnections(): number;
  close(): Promise<void>;
};

/**
 * HTML to PDF through a warm, supervised Chromium. Each render gets a fresh page with
 * JavaScript off and every request refused except the document itself (isolated-page.ts), so
 * neither a template nor a hostile host name can make the renderer fetch anything.
 */
export function createPdfRenderer(opts: {
  executablePath?: string;
  protocolTimeout: number;
  restartAfter: number;
  concurrency?: number;
  log: Logger;
  checkpoint?: Checkpoint;
  /** Where each Chromium's pid file goes (<data>/run), so a later worker can end an orphan. */
  runDir?: string;
}): PdfRenderer {
  const supervisor = createBrowserSupervisor(opts);
  const limit = createSemaphore(Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), availableParallelism())));

  const renderOnce = async (req: PdfRequest) => {
    const browser = await supervisor.acquire();
    let healthy = true;
    let blocked: string[] = [];
    const opened: { page?: Page } = {};
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => {
        // A fresh page per render. With JavaScript off and every request refused there is no state
        // for one render to leave to the next, and a new incognito context per render cost ~100 ms.
        const page = (opened.page = await browser.newPage());
        blocked = await loadIsolated({ page, html: req.html, timeoutMs: req.timeoutMs });
        const hf = headerFooter(req);
        const printing = page.pdf({
          format: req.paper,
          printBackground: true,
          tagged: req.tagged ?? false,
          displayHeaderFooter: true,
          headerTemplate: hf.header,
          footerTemplate: hf.footer,
          margin: { top: '18mm', bottom: '16mm', left: '12mm', right: '12mm' },
          timeout: req.timeoutMs,
        });
        // Chromium is printing now; a fault test stops the worker here to kill it mid-print.
        printing.catch(() => undefined);
        await opts.checkpoint?.('render:printing');
        return printing;
      })();
      // A hung browser leaves `work` pending forever: its rejection, if it ever comes, is moot.
      work.catch(() => undefined);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('RENDER_TIMEOUT', `PDF render took longer than ${req.timeoutMs} ms`)), req.timeoutMs);
      });
      const pdf = await Promise.race([work, timeout]);
      return { pdf: Buffer.from(pdf), blockedRequests: blocked };
    } catch (err) {
      // A hung or crashed page may have wedged the browser: recycle it before the next render.
      healthy = false;
      const msg = (err as Error).message ?? String(err);
      if (err instanceof AppError) throw err;
      if (/protocolTimeout|timed out/i.test(msg))
        throw new AppError('RENDER_PROTOCOL_TIMEOUT', `Chromium did not answer in time (render.protocolTimeout): ${msg}`, { cause: err });
      throw new AppError('RENDER_FAILED', `PDF render failed: ${msg}`, { cause: err });
    } finally {
      clearTimeout(timer);
      // A wedged browser never answers close(); it is killed when retired.
      if (opened.page) await Promise.race([opened.page.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
      await supervisor.release({ healthy });
      if (blocked.length > 0) opts.log.warn({ blocked: blocked.slice(0, 5), count: blocked.length }, 'renderer blocked outbound requests');
    }
  };

  return {
    render: (req) => limit(() => renderOnce(req)),
    restarts: () => supervisor.restarts(),
    refusedConnections: () => supervisor.refusedConnections(),
    close: () => supervisor.close(),
  };
}
