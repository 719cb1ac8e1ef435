import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type AppConfig } from '../../src/config/load-config.js';
import { TEST_REDIS_URL } from './redis.js';

/** A config for one test: its own Redis prefix and data dir, everything else as a user would have it. */
export function testConfig(opts: { prefix: string; raw?: Record<string, unknown>; env?: Record<string, string> }): AppConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'checkup-test-'));
  return parseConfig({
    raw: {
      dataDir,
      log: { level: 'silent' },
      ...opts.raw,
      redis: { url: TEST_REDIS_URL, prefix: opts.prefix, embedded: false, ...((opts.raw?.redis as object) ?? {}) },
    },
    env: opts.env ?? {},
    source: 'test',
    baseDir: dataDir,
  });
}
