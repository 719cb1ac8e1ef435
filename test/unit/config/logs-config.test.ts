import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/shared/errors.js';

const parse = (raw: unknown) => parseConfig({ raw, env: {}, source: 'test.yml', baseDir: '/srv/checkup' });

function issuesOf(raw: unknown): string[] {
  try {
    parse(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('logs config', () => {
  it('defaults: journal when present, default files, bounded limits, positions in the data dir', () => {
    const c = parse({});
    expect(c.logs).toEqual({
      enabled: true,
      interval: 2000,
      journal: { enabled: 'auto', units: [], identifiers: [], startAt: 'end', journalctl: 'journalctl' },
      limits: { maxLineBytes: 64 * 1024, readBytesPerTick: 4 * 1024 * 1024, maxFilesPerSource: 200, rotateWait: 10_000 },
      redact: [],
    });
    expect(c.paths.logPositions).toBe('/srv/checkup/data/log-positions');
  });

  it('takes file sources with globs, a format name or pattern, and symlinks off by default', () => {
    const c = parse({
      logs: {
        files: [
          { name: 'nginx', paths: ['/var/log/nginx/*.log'], format: 'nginx' },
          { name: 'app', paths: ['/srv/app/app.log'], format: '<Date> <Time> <Level>: <Content>' },
        ],
      },
    });
    expect(c.logs.files).toEqual([
      { name: 'nginx', paths: ['/var/log/nginx/*.log'], format: 'nginx', followSymlinks: false, startAt: 'end' },
      { name: 'app', paths: ['/srv/app/app.log'], format: '<Date> <Time> <Level>: <Content>', followSymlinks: false, startAt: 'end' },
    ]);
  });

  it('names the path and value of each mistake', () => {
    const issues = issuesOf({
      logs: {
        interval: '0s',
        journal: { directory: '/srv/j', files: ['/srv/j/a.journal'], units: ['-rf'], identifiers: ['a b'] },
        files: [
          { name: 'app', paths: ['relative/app.log'], format: 'lolformat' },
          { name: 'app', paths: ['/var/log/**/x.log'] },
          { name: 'x', paths: ['/x.log'], colour: 'red' },
          { name: 'y', paths: ['/var/log/syslog.2.gz'] },
        ],
        limits: { maxLineBytes: '100MB', maxFilesPerSource: 0 },
        redact: ['(unclosed'],
      },
    });
    const expected = [
      /^logs\.interval: duration "0s" is out of range/,
      /^logs\.journal\.files: give directory or files, not both/,
      /^logs\.journal\.units\.0: not a systemd unit name/,
      /^logs\.journal\.identifiers\.0: a syslog identifier/,
      /^logs\.files\.0\.paths\.0: log path "relative\/app\.log" is not absolute/,
      /^logs\.files\.0\.format: unknown log format "lolformat"/,
      /^logs\.files\.1\.paths\.0: log path "\/var\/log\/\*\*\/x\.log": \*\* is not supported/,
      /^logs\.files\.2\.colour: unknown key/,
      /^logs\.files\.3\.paths\.0: log path "\/var\/log\/syslog\.2\.gz" is a compressed archive; archives are never read/,
      /^logs\.limits\.maxLineBytes: size "100MB" is out of range \(1KB to 16MB\)/,
      /^logs\.limits\.maxFilesPerSource: .*\(got 0\)/,
      /^logs\.redact\.0: invalid regular expression "\(unclosed"/,
    ];
    for (const re of expected) expect(issues, String(re)).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
  });

  it('refuses two sources with one name (positions would share a file), and the name journal', () => {
    expect(issuesOf({ logs: { files: [{ name: 'journal', paths: ['/a.log'] }] } })).toEqual([
      expect.stringMatching(/^logs\.files\.0\.name: source name "journal" is used twice/),
    ]);
    expect(
      issuesOf({
        logs: {
          files: [
            { name: 'a', paths: ['/a.log'] },
            { name: 'a', paths: ['/b.log'] },
          ],
        },
      }),
    ).toEqual([expect.stringMatching(/^logs\.files\.1\.name: /)]);
  });
});
