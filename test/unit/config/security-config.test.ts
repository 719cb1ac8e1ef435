import { describe, expect, it } from 'vitest';
import { configIssues, parseTestConfig } from '../../utils/config-issues.js';
import { watchedPaths } from '../../../src/config/security-schema.js';
import { DEFAULT_WATCH } from '../../../src/security/files/watch-list.js';

const parse = parseTestConfig;
const issuesOf = configIssues;

describe('security config', () => {
  it('has working defaults: the built-in watch list, every log source, baselines under the data dir', () => {
    const c = parse({});
    expect(watchedPaths(c.security)).toEqual(DEFAULT_WATCH);
    expect(c.security.auth.sources).toBe('auto');
    expect(parse({ security: { auth: { sources: ['auth', 'journal'] } } }).security.auth.sources).toEqual(['auth', 'journal']);
    expect(c.security.auth.connectionIdle).toBe(600_000);
    expect(c.security.files.maxFileBytes).toBe(16 * 1024 * 1024);
    expect(c.paths.security).toBe('/srv/checkup/data/security');
    expect(parse({ security: { baselineDir: 'base' } }).paths.security).toBe('/srv/checkup/base');
  });

  it('reads port rules and extra watched files', () => {
    const c = parse({ security: { ports: { allow: [22, 'udp/53', 'tcp/443'] }, files: { defaults: false, watch: ['/etc/nginx/*.conf'] } } });
    expect(c.security.ports.allow).toEqual([
      { proto: null, port: 22 },
      { proto: 'udp', port: 53 },
      { proto: 'tcp', port: 443 },
    ]);
    expect(watchedPaths(c.security)).toEqual(['/etc/nginx/*.conf']);
  });

  it('names the path and value of every bad setting', () => {
    expect(
      issuesOf({
        security: {
          ports: { allow: ['tcp/99999', 'ssh'], fullScanEvery: 0 },
          files: { watch: ['etc/passwd'], homeFiles: ['../../etc/shadow'], maxFiles: 1e9, maxFileBytes: '5GB' },
          auth: { connectionIdle: '1s', sources: 'all' },
          logins: { wtmp: 'wtmp' },
          bogus: 1,
        },
      }),
    ).toEqual([
      'security.auth.sources: sources is "auto" or a list of log source names (got "all")',
      'security.auth.connectionIdle: duration "1s" is out of range (1m to 1d)',
      'security.ports.allow.0: not a port rule "tcp/99999" (use 22, tcp/22 or udp/53; ports 1-65535)',
      'security.ports.allow.1: not a port rule "ssh" (use 22, tcp/22 or udp/53; ports 1-65535)',
      'security.ports.fullScanEvery: Too small: expected number to be >=1 (got 0)',
      'security.files.watch.0: an absolute path (starting with /) (got "etc/passwd")',
      'security.files.homeFiles.0: a path relative to a home directory, without ".." (got "../../etc/shadow")',
      'security.files.maxFiles: Too big: expected number to be <=10000 (got 1000000000)',
      'security.files.maxFileBytes: size "5GB" is out of range (1KB to 1GB)',
      'security.logins.wtmp: an absolute path (starting with /) (got "wtmp")',
      'security.bogus: unknown key',
    ]);
  });
});
