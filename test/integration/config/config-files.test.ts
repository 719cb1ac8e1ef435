import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config/load-config.js';
import { ZConfig } from '../../../src/config/schema.js';

describe('shipped config files', () => {
  it('the example config is valid and uses every section', () => {
    const c = loadConfig({ file: 'checkup.example.yml', env: {} });
    expect(Object.keys(c.reports)).toEqual(['daily', 'weekly']);
    expect(c.checks.map((x) => x.kind)).toEqual(['process', 'http', 'tcp', 'resource']);
    expect(c.alerts.rules.map((r) => r.type)).toEqual([
      'metric',
      'check',
      'forecast',
      'log',
      'new-template',
      'brute-force',
      'new-login-source',
      'new-exposed-port',
      'file-changed',
    ]);
  });

  it('checkup.schema.json matches the zod schema (run `npm run schema` after changing it)', () => {
    const generated = z.toJSONSchema(ZConfig, { io: 'input', unrepresentable: 'any' });
    const committed = JSON.parse(readFileSync('checkup.schema.json', 'utf8')) as Record<string, unknown>;
    expect({ ...committed, title: undefined }).toEqual({ ...JSON.parse(JSON.stringify(generated)), title: undefined });
  });
});
