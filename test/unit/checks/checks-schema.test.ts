import { describe, expect, it } from 'vitest';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';
import { ZChecksConfig } from '../../../src/config/checks-schema.js';
import { formatIssues } from '../../../src/config/format-issues.js';

function errorsOf(schema: typeof ZChecksConfig | typeof ZAlertsConfig, input: unknown): string[] {
  const r = schema.safeParse(input, { reportInput: true });
  return r.success ? [] : formatIssues(r.error.issues);
}

describe('checks config', () => {
  it('accepts a valid list and applies defaults', () => {
    const out = ZChecksConfig.parse([{ name: 'web', kind: 'http', url: 'https://example.test/health', interval: '15s' }]);
    const web = out[0];
    expect(web?.kind).toBe('http');
    if (web?.kind !== 'http') return;
    expect(web.interval).toBe(15_000);
    expect(web.expectStatus).toEqual(['2xx']);
    expect(web.maxBodyBytes).toBe(1024 * 1024);
    expect(web.tls.warnDays).toBe(14);
  });

  it('names the path and quotes the value of a bad regex, URL, threshold and kind', () => {
    const errors = errorsOf(ZChecksConfig, [
      { name: 'p', kind: 'process', regex: 'ngin(x' },
      { name: 'h', kind: 'http', url: 'ftp://x.test/' },
      { name: 'r', kind: 'resource', metric: 'disk', warn: 120 },
      { name: 'k', kind: 'smtp' },
    ]);
    expect(errors.find((e) => e.startsWith('0.regex:'))).toMatch(/invalid regular expression "ngin\(x"/);
    expect(errors.find((e) => e.startsWith('1.url:'))).toContain('invalid URL "ftp://x.test/"');
    expect(errors.find((e) => e.startsWith('2.warn:'))).toContain('(got 120)');
    expect(errors.find((e) => e.startsWith('3.kind:'))).toContain('unknown check kind "smtp"');
  });

  it('refuses a command string without an explicit shell, and a restart with both unit and command', () => {
    const errors = errorsOf(ZChecksConfig, [
      { name: 'c', kind: 'command', command: 'df -h | grep sda' },
      { name: 'd', kind: 'process', match: 'nginx', restart: { unit: 'nginx.service', command: ['/bin/true'] } },
    ]);
    expect(errors.find((e) => e.startsWith('0.command:'))).toContain('set shell: true');
    expect(errors.find((e) => e.startsWith('1.restart:'))).toContain('exactly one of unit or command');
    expect(errorsOf(ZChecksConfig, [{ name: 'c', kind: 'command', command: 'df -h | grep sda', shell: true }])).toEqual([]);
  });

  it('takes a process by pid or pidfile, alone or with a name to verify, and refuses counts with them', () => {
    expect(
      errorsOf(ZChecksConfig, [
        { name: 'a', kind: 'process', pidfile: '/run/nginx.pid', match: 'nginx' },
        { name: 'b', kind: 'process', pid: 1 },
      ]),
    ).toEqual([]);
    const errors = errorsOf(ZChecksConfig, [
      { name: 'a', kind: 'process', pid: 10, pidfile: '/run/x.pid' },
      { name: 'b', kind: 'process', pidfile: 'run/x.pid' },
      { name: 'c', kind: 'process', pidfile: '/run/x.pid', min: 2 },
      { name: 'd', kind: 'process' },
      { name: 'e', kind: 'process', match: 'a', regex: 'b' },
      { name: 'f', kind: 'process', pid: 0 },
    ]);
    expect(errors).toContain('0: a process check takes pid or pidfile, not both');
    expect(errors.find((e) => e.startsWith('1.pidfile:'))).toContain('pidfile must be an absolute path');
    expect(errors).toContain('2.min: min and max count matching processes; a pid or pidfile check is about one process');
    expect(errors).toContain('3: a process check needs one of match, regex, pid or pidfile');
    expect(errors).toContain('4: a process check takes match or regex, not both');
    expect(errors.find((e) => e.startsWith('5.pid:'))).toBeDefined();
  });

  it('refuses duplicate names, unit names that read as options, and warn above fail', () => {
    const errors = errorsOf(ZChecksConfig, [
      { name: 'a', kind: 'tcp', host: 'db', port: 5432 },
      { name: 'a', kind: 'systemd', unit: '--help' },
      { name: 'b', kind: 'resource', metric: 'memory', warn: 95, fail: 90 },
    ]);
    expect(errors).toContain('1.name: duplicate check name "a"');
    expect(errors.some((e) => e.startsWith('1.unit:') && e.includes('"--help"'))).toBe(true);
    expect(errors).toContain('2.warn: warn 95 is above fail 90');
  });

  it('validates the JSON path of an HTTP check', () => {
    expect(errorsOf(ZChecksConfig, [{ name: 'j', kind: 'http', url: 'http://x.test/', json: { path: '$.a[', equals: 1 } }])).toEqual([
      '0.json.path: invalid JSON path "$.a[" (use e.g. $.status or $.items[0].name)',
    ]);
  });
});

describe('alerts config', () => {
  it('reports a channel missing its URL, a WeCom URL without key, and an unknown channel in a rule', () => {
    const errors = errorsOf(ZAlertsConfig, {
      channels: { ops: { type: 'slack' }, wx: { type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' } },
    });
    expect(errors).toContain('channels.ops.url: missing url (need http:// or https://)');
    expect(errors.find((e) => e.startsWith('channels.wx.url:'))).toContain('has no key= parameter');
    // Cross-references are checked once every part parses on its own.
    const refs = errorsOf(ZAlertsConfig, {
      channels: { ops: { type: 'slack', url: 'https://hooks.slack.test/x' } },
      rules: [{ name: 'cpu', type: 'metric', metric: 'cpu.total', threshold: 90, channels: ['pager'] }],
    });
    expect(refs).toEqual(['rules.0.channels.0: unknown channel "pager"']);
  });

  it('refuses a resolve level on the firing side of the threshold', () => {
    const errors = errorsOf(ZAlertsConfig, { rules: [{ name: 'disk', type: 'metric', metric: 'disk.used_pct', op: '>', threshold: 90, resolve: 95 }] });
    expect(errors[0]).toMatch(/^rules\.0\.resolve: resolve 95 is on the firing side of threshold 90/);
  });

  it('parses durations, maintenance windows and rejects bad ones with their value', () => {
    const ok = ZAlertsConfig.parse({
      rules: [{ name: 'web-down', type: 'check', check: 'web', for: '30s' }],
      maintenance: [{ name: 'patch', schedule: '0 2 * * 0', duration: '2h', timezone: 'Europe/Berlin' }],
    });
    expect(ok.rules[0]?.for).toBe(30_000);
    expect(ok.maintenance[0]?.duration).toBe(7_200_000);
    const errors = errorsOf(ZAlertsConfig, {
      maintenance: [{ name: 'x', from: 'yesterday', to: '2025-01-01T00:00:00Z' }],
      rules: [{ name: 'f', type: 'forecast', metric: 'disk.used_pct', threshold: 90, within: 'soon' }],
    });
    expect(errors.some((e) => e.includes('invalid date-time "yesterday"'))).toBe(true);
    expect(errors.some((e) => e.startsWith('rules.0.within:') && e.includes('invalid duration "soon"'))).toBe(true);
  });
});
