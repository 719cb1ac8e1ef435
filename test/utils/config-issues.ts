import { expect } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/shared/errors.js';

/** Parses a config object as `test.yml` in /srv/checkup, the way the config tests read one. */
export const parseTestConfig = (raw: unknown, env: Record<string, string> = {}) => parseConfig({ raw, env, source: 'test.yml', baseDir: '/srv/checkup' });

/** The issue lines of a config that must not load. */
export function configIssues(raw: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseTestConfig(raw, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}
