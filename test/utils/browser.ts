import puppeteer, { type Browser } from 'puppeteer';
import { CHROMIUM_ARGS, findChromium } from '../../src/report/pdf/find-chromium.js';

/** The renderer's own quiet, offline flags, so tests never touch the network. */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: findChromium(process.env.PUPPETEER_EXECUTABLE_PATH), headless: true, args: CHROMIUM_ARGS });
}
