import { describe, expect, it } from 'vitest';
import { silenceInputSchema } from '../../../src/alert/silence-input.js';
import { matchesAll, parseMatcher, regexProblem } from '../../../src/alert/silence-matchers.js';
import type { AlertInstance } from '../../../src/alert/types.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const alert = (o: Partial<AlertInstance>): AlertInstance => ({
  key: 'k',
  rule: 'mem-high',
  host: 'web-1',
  labels: {},
  severity: 'warning',
  status: 'firing',
  since: 0,
  firedAt: 0,
  resolvedAt: null,
  value: 1,
  message: '',
  ...o,
});
const parse = (input: unknown, author?: string) => silenceInputSchema({ now: NOW, ...(author ? { author } : {}) }).safeParse(input);
const firstIssue = (input: unknown) => {
  const r = parse(input);
  return r.success ? null : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
};

describe('silence matchers', () => {
  it('match exactly, by negation and by whole-value regex, on host, rule, severity and labels', () => {
    const m = (s: string) => {
      const p = parseMatcher(s);
      if (typeof p === 'string') throw new Error(p);
      return p;
    };
    const a = alert({ labels: { check: 'pg' } });
    expect(matchesAll([m('host=web-1')], a)).toBe(true);
    expect(matchesAll([m('host!=web-1')], a)).toBe(false);
    expect(matchesAll([m('rule=~mem-.*'), m('severity!~crit.*')], a)).toBe(true);
    // Anchored like Alertmanager: "web" does not match "web-1".
    expect(matchesAll([m('host=~web')], a)).toBe(false);
    expect(matchesAll([m('check="pg"')], a)).toBe(true);
    // An absent label is the empty value.
    expect(matchesAll([m('mount=')], a)).toBe(true);
    expect(matchesAll([m('host=web-1'), m('check=redis')], a)).toBe(false);
  });

  it('refuses regexes that could backtrack catastrophically, and ones that do not compile', () => {
    for (const bad of ['(a+)+', '(a|aa)*', '((ab)*c)+', '(x+){2,}', '(a)\\1']) expect(regexProblem(bad), bad).not.toBeNull();
    for (const ok of ['web-.*', '(web|db)-[0-9]+', 'a+b*', '(?:ab)+', '[(+)]+', 'x\\(+']) expect(regexProblem(ok), ok).toBeNull();
    expect(parseMatcher('host=~(')).toMatch(/^invalid regex "\(":/);
    expect(parseMatcher('Host=x')).toMatch(/matcher name "Host"/);
    expect(parseMatcher('host')).toMatch(/is not a matcher/);
  });
});

describe('silence input', () => {
  it('builds a silence from matchers, a duration, a comment and an author', () => {
    const r = parse({ matchers: ['host=web-1', { name: 'rule', op: '=~', value: 'mem-.*' }], duration: '2h', comment: 'kernel update', createdBy: 'alice' });
    expect(r.success && r.data).toEqual({
      matchers: [
        { name: 'host', op: '=', value: 'web-1' },
        { name: 'rule', op: '=~', value: 'mem-.*' },
      ],
      from: NOW,
      to: NOW + 7_200_000,
      comment: 'kernel update',
      createdBy: 'alice',
    });
    const later = parse({ matchers: ['host=web-1'], startsAt: '2025-06-02T00:00:00Z', endsAt: '2025-06-02T06:00:00Z', comment: 'window' }, 'bob');
    expect(later.success && [later.data.from, later.data.to, later.data.createdBy]).toEqual([
      Date.parse('2025-06-02T00:00:00Z'),
      Date.parse('2025-06-02T06:00:00Z'),
      'bob',
    ]);
  });

  it('names the field that is wrong', () => {
    const base = { matchers: ['host=web-1'], duration: '2h', comment: 'c', createdBy: 'alice' };
    expect(firstIssue({ ...base, matchers: [] })).toMatch(/^matchers: give at least one matcher/);
    expect(firstIssue({ ...base, matchers: ['host=web-1', 'nope'] })).toMatch(/^matchers\.1: "nope" is not a matcher/);
    expect(firstIssue({ ...base, matchers: ['host=~.*', 'rule!=x'] })).toMatch(/^matchers: every matcher also matches an empty value/);
    expect(firstIssue({ ...base, duration: '30s' })).toBe('duration: a silence lasts from 1m to 90d (got 30s)');
    expect(firstIssue({ ...base, duration: '91d' })).toBe('duration: a silence lasts from 1m to 90d (got 91d)');
    expect(firstIssue({ ...base, duration: undefined })).toBe('duration: give either duration (e.g. 2h) or endsAt');
    expect(firstIssue({ ...base, duration: undefined, endsAt: '2025-06-01T11:00:00Z', startsAt: '2025-06-01T10:00:00Z' })).toBe(
      'endsAt: the silence would already be over',
    );
    expect(firstIssue({ ...base, comment: '  ' })).toBe('comment: must not be empty');
    expect(firstIssue({ ...base, createdBy: 'a\u001b[2Jb' })).toBe('createdBy: must not contain control characters');
    expect(firstIssue({ ...base, createdBy: undefined })).toBe('createdBy: say who is silencing (a name or user id)');
    expect(firstIssue({ ...base, extra: 1 })).toMatch(/^: Unrecognized key/);
  });
});
