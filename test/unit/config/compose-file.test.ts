/**
 * docker-compose.yml cannot run in CI (no Docker engine), so its shape is checked here: it parses
 * (an unquoted ": " once made it invalid YAML), each role runs a real CLI role with the settings the
 * config loader reads from the environment, and the web console gets a token.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../src/config/load-config.js';

type Service = { command?: string[]; environment?: Record<string, string>; build?: string };
const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as { services: Record<string, Service> };

/** ${VAR:-default} and ${VAR:?message} as compose substitutes them, with VAR unset or set to `value`. */
const substitute = (s: string, value: string | undefined): string =>
  s.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, _name: string, op: string | undefined, arg: string | undefined) => value ?? (op === '-' ? (arg ?? '') : ''));

describe('docker-compose.yml', () => {
  it('runs the agent, worker and web roles against the compose Redis', () => {
    for (const role of ['agent', 'worker', 'web']) {
      const svc = compose.services[role];
      expect(svc?.command).toEqual([role]);
      expect(svc?.build).toBe('.');
      const env = Object.fromEntries(
        Object.entries(svc?.environment ?? {}).map(([k, v]) => [k, substitute(String(v), k === 'CHECKUP_API_TOKEN' ? 'a-token-of-sixteen-chars' : undefined)]),
      );
      const config = parseConfig({ raw: {}, env, source: 'compose', baseDir: '/' });
      expect(config.redis.url).toBe('redis://redis:6379');
      expect(config.mail.smtpUrl).toBe('smtp://mailpit:1025');
      expect(config.paths.data).toBe('/data');
      expect(config.host.id).toBe('docker-host');
      if (role === 'web') expect(config.web.token).toBe('a-token-of-sixteen-chars');
    }
    expect(compose.services.agent?.environment?.NODE_OPTIONS).toMatch(/--max-semi-space-size=\d+/);
    expect(compose.services.redis).toBeDefined();
  });
});
