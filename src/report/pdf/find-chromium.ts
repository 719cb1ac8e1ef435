import { existsSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'];

/** The configured browser (render.executablePath or PUPPETEER_EXECUTABLE_PATH), then the usual system paths. */
export function findChromium(configured?: string): string {
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new AppError('BROWSER_MISSING', `Chromium not found at ${configured} (render.executablePath / PUPPETEER_EXECUTABLE_PATH)`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new AppError('BROWSER_MISSING', 'Chromium not found. Install it (apt-get install chromium fonts-noto-cjk) or set PUPPETEER_EXECUTABLE_PATH.');
}

/** Flags that keep a headless Chromium quiet and offline: the renderer never talks to the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--mute-audio',
];
