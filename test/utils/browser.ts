import puppeteer, { type Browser } from 'puppeteer';
import { findChromium } from '../../src/report/pdf/find-chromium.js';

/** Quiet and offline: the same flags the PDF renderer uses, so tests never touch the network. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({ executablePath: findChromium(process.env.PUPPETEER_EXECUTABLE_PATH), headless: true, args: ARGS });
}
