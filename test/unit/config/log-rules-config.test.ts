import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const parse = (rules: unknown[]) => parseConfig({ raw: { alerts: { rules } }, env: {}, source: 'test.yml', baseDir: '/srv/checkup' });

function issuesOf(rules: unknown[]): string[] {
  try {
    parse(rules);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('log alert rules in the config', () => {
  it('accepts a log rule and a new-template rule, with their defaults', () => {
    const c = parse([
      { name: 'oom', type: 'log', match: 'Out of memory|oom-kill', minSeverity: 'err', threshold: 1 },
      { name: 'new-errors', type: 'new-template' },
    ]);
    expect(c.alerts.rules[0]).toMatchObject({ type: 'log', window: 300_000, op: '>=', threshold: 1, by: 'host' });
    expect(c.alerts.rules[1]).toMatchObject({ type: 'new-template', minSeverity: 'err', lookback: 900_000, quiet: 3_600_000, baseline: 3_600_000 });
  });

  it('names the path of every fault: regex, what to count, ranges, hysteresis', () => {
    expect(issuesOf([{ name: 'a', type: 'log', match: 'oom(', threshold: 1 }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.match: invalid regex "oom\("/),
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', match: '(a+)+$', threshold: 1 }])).toEqual([expect.stringMatching(/^alerts\.rules\.0\.match: .*catastrophic/)]);
    expect(issuesOf([{ name: 'a', type: 'log', threshold: 1 }])).toEqual([
      'alerts.rules.0.template: a log rule needs template, match or minSeverity (what to count)',
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', template: 'Failed password', threshold: 1 }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.template: a template id is 12 hex digits/),
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'error', threshold: 1 }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.minSeverity: a syslog severity/),
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'err', threshold: 0 }])).toEqual([expect.stringMatching(/^alerts\.rules\.0\.threshold: /)]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'err', threshold: 1.5 }])).toEqual([expect.stringMatching(/^alerts\.rules\.0\.threshold: /)]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'err', threshold: 1, window: '30s' }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.window: /),
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'err', threshold: 1, window: '2d' }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.window: /),
    ]);
    expect(issuesOf([{ name: 'a', type: 'log', minSeverity: 'err', threshold: 5, resolve: 6 }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.resolve: resolve 6 is above threshold 5/),
    ]);
    expect(issuesOf([{ name: 'a', type: 'new-template', lookback: '2h', quiet: '1h' }])).toEqual([
      expect.stringMatching(/^alerts\.rules\.0\.quiet: quiet .* must be at least lookback/),
    ]);
    expect(issuesOf([{ name: 'a', type: 'logs' }])).toEqual([
      expect.stringContaining('use metric, check, forecast, log, new-template, brute-force, new-login-source, new-exposed-port or file-changed'),
    ]);
  });
});
