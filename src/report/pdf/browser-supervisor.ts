import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import type { Logger } from '../../shared/logger.js';
import { AppError } from '../../shared/errors.js';
import { processStartTime } from '../../shared/process-identity.js';
import { killTree, reapOrphanBrowsers, recordBrowser } from './browser-pidfile.js';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.js';
import { startRefusingProxy, type RefusingProxy } from './refusing-proxy.js';

export type BrowserSupervisor = {
  /** The warm browser, launched or relaunched as needed. */
  acquire(): Promise<Browser>;
  /** Counts a finished render; the browser is recycled after `restartAfter` of them. */
  release(opts: { healthy: boolean }): Promise<void>;
  restarts(): number;
  /** Connections that reached the refusing proxy: requests that escaped interception. */
  refusedConnections(): number;
  close(): Promise<void>;
};

/** A browser that does not close within this is killed: a SIGSTOPped or wedged one never answers. */
const CLOSE_GRACE_MS = 3_000;

type Running = { browser: Browser; pid: number | null; start: string | null; profile: string; pidFile: string | null; ended?: Promise<void> };

/**
 * Keeps one Chromium warm and replaces it after N renders, after a crash, or after a render that
 * hung, since a long-lived headless browser leaks memory and a wedged one never recovers.
 *
 * Chromium dies with its worker: it talks to us over a pipe (`pipe: true`), and exits when the pipe
 * closes, which the kernel does when the worker dies however it dies. A browser too wedged to notice
 * is ended by the next worker, from the pid file each launch writes under `runDir`.
 */
export function createBrowserSupervisor(opts: {
  executablePath?: string;
  protocolTimeout: number;
  restartAfter: number;
  log: Logger;
  runDir?: string;
}): BrowserSupervisor {
  let current: Promise<Running> | null = null;
  let proxy: Promise<RefusingProxy> | null = null;
  let proxyNow: RefusingProxy | null = null;
  let renders = 0;
  let restarts = 0;
  let active = 0;
  let retireWhenIdle = false;

  const launch = async (): Promise<Running> => {
    const executablePath = findChromium(opts.executablePath);
    if (opts.runDir) reapOrphanBrowsers({ runDir: opts.runDir, log: opts.log });
    const refusing = await (proxy ??= startRefusingProxy(opts.log));
    proxyNow = refusing;
    const profile = mkdtempSync(join(tmpdir(), 'checkup-chromium-'));
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        pipe: true,
        args: [...CHROMIUM_ARGS, `--proxy-server=http://${refusing.address}`, `--user-data-dir=${profile}`],
        protocolTimeout: opts.protocolTimeout,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (err) {
      rmSync(profile, { recursive: true, force: true });
      throw err;
    }
    const pid = browser.process()?.pid ?? null;
    const pidFile = opts.runDir && pid ? recordBrowser({ runDir: opts.runDir, browserPid: pid, profile }) : null;
    const running: Running = { browser, pid, start: pid ? processStartTime(pid) : null, profile, pidFile };
    browser.on('disconnected', () => {
      opts.log.warn({ pid }, 'chromium disconnected; the next render starts a new one');
      void current?.then(
        (r) => {
          if (r === running) current = null;
        },
        () => undefined,
      );
      void end(running);
    });
    return running;
  };

  /** Closes politely, then kills what is left (a stopped browser never answers), then tidies up. Once per browser. */
  const end = (r: Running): Promise<void> =>
    (r.ended ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([r.browser.close().catch(() => undefined), new Promise((res) => (timer = setTimeout(res, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      // Only if the pid is still that browser (a pid is reused once its process is reaped).
      if (r.pid && r.start !== null && processStartTime(r.pid) === r.start) killTree(r.pid);
      rmSync(r.profile, { recursive: true, force: true });
      if (r.pidFile) rmSync(r.pidFile, { force: true });
    })());

  const retire = async () => {
    const old = current;
    current = null;
    renders = 0;
    retireWhenIdle = false;
    restarts++;
    if (old) await old.then(end, () => undefined);
  };

  return {
    async acquire() {
      for (let attempt = 0; attempt < 2; attempt++) {
        current ??= launch().catch((err: unknown) => {
          current = null;
          throw err;
        });
        const r = await current;
        if (r.browser.connected) {
          active++;
          return r.browser;
        }
        current = null;
      }
      throw new AppError('BROWSER_UNAVAILABLE', 'Chromium started but does not stay connected');
    },
    async release({ healthy }) {
      active--;
      renders++;
      if (!healthy || renders >= opts.restartAfter) retireWhenIdle = true;
      // Recycle only when no other render is using the browser.
      if (retireWhenIdle && active === 0) await retire();
    },
    restarts: () => restarts,
    refusedConnections: () => proxyNow?.refused() ?? 0,
    async close() {
      const old = current;
      current = null;
      if (old) await old.then(end, () => undefined);
      const p = proxy;
      proxy = null;
      proxyNow = null;
      if (p)
        await p.then(
          (x) => x.close(),
          () => undefined,
        );
    },
  };
}
