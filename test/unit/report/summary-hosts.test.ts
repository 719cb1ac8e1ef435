import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../../src/report/model/summary.js';
import type { HostSection } from '../../../src/report/model/host-section.js';
import { helpers } from '../../../src/report/templates/helpers.js';

const load = (l: string) => JSON.parse(readFileSync(`templates/locales/${l}.json`, 'utf8')) as Record<string, string>;
const en = load('en');
const zh = load('zh-CN');

/** Just what the summary reads of a host: its scoring basis and status, with no finding. */
const host = (id: string, scoring: 'scored' | 'insufficient'): HostSection =>
  ({
    id,
    status: scoring === 'insufficient' ? 'none' : 'ok',
    basis: { scoring, gaps: [], samples: scoring === 'insufficient' ? 2 : 500, coveragePct: 100 },
    ops: { availability: [] },
    disks: [],
    stats: {},
    forecasts: { disks: [] },
  }) as unknown as HostSection;

/**
 * Seen in a new-user run: a report on 3 hosts, none with enough data to score, said
 * "0 of 0 hosts healthy". The line counts every host the report covers and names the unscored ones.
 */
describe('summary host count', () => {
  const line = (hosts: HostSection[], strings = en, locale = 'en') => buildSummary(hosts, strings, locale).hostsLine;

  it('counts unscored hosts instead of dropping them', () => {
    const three = ['a', 'b', 'c'].map((id) => host(id, 'insufficient'));
    expect(line(three)).toBe('0 of 3 hosts scored: not enough data');
    expect(line(three, zh, 'zh-CN')).toBe('3 台主机均未评分：数据不足');
  });

  it('states scored and unscored hosts apart', () => {
    expect(line([host('a', 'scored'), host('b', 'insufficient'), host('c', 'insufficient')])).toBe(
      '1 of 1 scored host healthy; 2 of 3 not scored (not enough data)',
    );
    expect(line([host('a', 'scored'), host('b', 'scored'), host('c', 'insufficient')])).toBe(
      '2 of 2 scored hosts healthy; 1 of 3 not scored (not enough data)',
    );
  });

  it('uses the singular for one host in en', () => {
    expect(line([host('a', 'scored')])).toBe('1 of 1 host healthy');
    expect(line([host('a', 'insufficient')])).toBe('0 of 1 host scored: not enough data');
    expect(line([host('a', 'scored'), host('b', 'scored')])).toBe('2 of 2 hosts healthy');
  });
});

/** Seen in the same run: "On the 1 hosts with security signals". */
describe('fleet security lines', () => {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  const render = hb.compile(readFileSync('templates/partials/security-fleet.hbs', 'utf8'));
  const fleet = (n: number) => ({
    hosts: n,
    authHosts: n,
    failedTotal: 4,
    sources: 2,
    sudoFailed: 0,
    fileChanges: 0,
    newExposed: 1,
    sharedSources: [],
    newLogins: [],
  });

  it('says "host" for one host and "hosts" for more, in en', () => {
    const one = render({ _l: { locale: 'en', timezone: 'UTC', strings: en }, securityFleet: fleet(1) });
    expect(one).toContain('On the 1 host with security signals');
    expect(one).toContain('on the 1 host whose auth events were read');
    const two = render({ _l: { locale: 'en', timezone: 'UTC', strings: en }, securityFleet: fleet(2) });
    expect(two).toContain('On the 2 hosts with security signals');
    expect(two).toContain('on the 2 hosts whose auth events were read');
  });

  it('has one form in zh-CN', () => {
    const one = render({ _l: { locale: 'zh-CN', timezone: 'UTC', strings: zh }, securityFleet: fleet(1) });
    expect(one).toContain('在有安全信号的 1 台主机上');
  });
});
