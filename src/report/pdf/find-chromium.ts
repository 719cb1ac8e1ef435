import { accessSync, constants, statSync } from 'node:fs';
import { ConfigError } from '../../shared/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/snap/bin/chromium'];

const FIX = 'install it (apt-get install chromium fonts-noto-cjk) or point render.executablePath (or PUPPETEER_EXECUTABLE_PATH) at the browser';

function problem(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.X_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not executable';
  }
}

/**
 * The configured browser (render.executablePath or PUPPETEER_EXECUTABLE_PATH), then the usual
 * system paths. A missing browser is a configuration error: retrying cannot fix it, so the job
 * fails at once with the fix in the message.
 */
export function findChromium(configured?: string): string {
  if (configured) {
    const why = problem(configured);
    if (why === null) return configured;
    throw new ConfigError([`render.executablePath: Chromium at "${configured}" ${why}; ${FIX}`]);
  }
  const found = CANDIDATES.find((p) => problem(p) === null);
  if (found) return found;
  throw new ConfigError([`render.executablePath: no Chromium found (looked at ${CANDIDATES.join(', ')}); ${FIX}`]);
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
  // Even a request that escaped interception goes to the refusing proxy, loopback included
  // ("<-loopback>" drops Chromium's implicit bypass of localhost).
  '--proxy-bypass-list=<-loopback>',
];
