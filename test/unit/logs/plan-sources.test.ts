import { describe, expect, it } from 'vitest';
import { ZLogsConfig } from '../../../src/config/logs-schema.js';
import { segmentRegex } from '../../../src/logs/sources/glob.js';
import { planSources } from '../../../src/logs/sources/plan-sources.js';

const logs = (raw: unknown) => ZLogsConfig.parse(raw);

describe('which log sources run', () => {
  it('reads the journal on a host that has one, and no syslog file (rsyslog copies the journal there)', () => {
    expect(planSources(logs({}), { systemJournal: true }).map((p) => p.kind)).toEqual(['journal']);
  });

  it('reads syslog, auth and kern files, those present, on a host without a journal', () => {
    const plans = planSources(logs({}), { systemJournal: false });
    expect(plans.map((p) => (p.kind === 'file' ? [p.name, p.paths, p.optional, p.format] : p.kind))).toEqual([
      ['syslog', ['/var/log/syslog', '/var/log/messages'], true, 'syslog'],
      ['auth', ['/var/log/auth.log', '/var/log/secure'], true, 'syslog'],
      ['kern', ['/var/log/kern.log'], true, 'syslog'],
    ]);
  });

  it('takes configured files instead of the defaults, and journal: false turns the journal off', () => {
    const plans = planSources(logs({ journal: { enabled: false }, files: [{ name: 'app', paths: ['/var/log/app/*.log'] }] }), { systemJournal: true });
    expect(plans).toEqual([
      { kind: 'file', name: 'app', paths: ['/var/log/app/*.log'], format: 'auto', followSymlinks: false, startAt: 'end', optional: false },
    ]);
    expect(planSources(logs({ files: [] }), { systemJournal: false })).toEqual([]);
    expect(planSources(logs({ enabled: false }), { systemJournal: true })).toEqual([]);
  });

  it('reads other journals (-D) when named, even on a host without its own', () => {
    const plans = planSources(logs({ journal: { directory: '/srv/remote' } }), { systemJournal: false });
    expect(plans[0]).toMatchObject({ kind: 'journal', directory: '/srv/remote' });
  });
});

describe('glob segments', () => {
  it('matches *, ? and classes within one level, and leaves dot files to an explicit dot', () => {
    expect(segmentRegex('*.log').test('app.log')).toBe(true);
    expect(segmentRegex('*.log').test('.hidden.log')).toBe(false);
    expect(segmentRegex('.*.log').test('.hidden.log')).toBe(true);
    expect(segmentRegex('app-?.log').test('app-1.log')).toBe(true);
    expect(segmentRegex('app-[0-9].log').test('app-x.log')).toBe(false);
    expect(segmentRegex('app-[!0-9].log').test('app-x.log')).toBe(true);
    expect(segmentRegex('a+b(c).log').test('a+b(c).log')).toBe(true);
  });
});
