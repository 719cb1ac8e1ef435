import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import type { Logger } from '../../shared/logger.js';
import { AppError } from '../../shared/errors.js';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.js';

export type BrowserSupervisor = {
  /** The warm browser, launched or relaunched as needed. */
  acquire(): Promise<Browser>;
  /** Counts a finished render; the browser is recycled after `restartAfter` of them. */
  release(opts: { healthy: boolean }): Promise<void>;
  restarts(): number;
  close(): Promise<void>;
};

/**
 * Keeps one Chromium warm and replaces it after N renders, after a crash, or after a render that
 * hung, since a long-lived headless browser leaks memory and a wedged one never recovers.
 */
export function createBrowserSupervisor(opts: { executablePath?: string; protocolTimeout: number; restartAfter: number; log: Logger }): BrowserSupervisor {
  let browser: Promise<Browser> | null = null;
  let profile: string | null = null;
  let renders = 0;
  let restarts = 0;
  let active = 0;
  let retireWhenIdle = false;

  const launch = async (): Promise<Browser> => {
    profile = mkdtempSync(join(tmpdir(), 'checkup-chromium-'));
    const b = await puppeteer.launch({
      executablePath: findChromium(opts.executablePath),
      headless: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`],
      protocolTimeout: opts.protocolTimeout,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    b.on('disconnected', () => {
      opts.log.warn('chromium disconnected; the next render starts a new one');
      if (browser) browser = null;
    });
    return b;
  };

  const retire = async () => {
    const old = browser;
    const oldProfile = profile;
    browser = null;
    renders = 0;
    retireWhenIdle = false;
    restarts++;
    if (old) await old.then((b) => b.close()).catch(() => undefined);
    if (oldProfile) rmSync(oldProfile, { recursive: true, force: true });
  };

  return {
    async acquire() {
      for (let attempt = 0; attempt < 2; attempt++) {
        browser ??= launch().catch((err: unknown) => {
          browser = null;
          throw err;
        });
        const b = await browser;
        if (b.connected) {
          active++;
          return b;
        }
        browser = null;
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
    async close() {
      const b = browser;
      browser = null;
      if (b) await b.then((x) => x.close()).catch(() => undefined);
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}
