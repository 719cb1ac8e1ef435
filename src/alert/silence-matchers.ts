import type { AlertInstance, MatchOp, Matcher } from './types.js';

// The types live in types.ts, which Silence needs them for; re-exported so callers keep one import.
export type { MatchOp, Matcher } from './types.js';

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_VALUE = 256;

/** The value a matcher sees: the alert's host, rule or severity, else its label ("" when absent, as in Alertmanager). */
export function valueOf(a: Pick<AlertInstance, 'host' | 'rule' | 'severity' | 'labels'>, name: string): string {
  if (name === 'host') return a.host;
  if (name === 'rule') return a.rule;
  if (name === 'severity') return a.severity;
  return a.labels[name] ?? '';
}

/** Regexes match the whole value, as in Alertmanager: `web-.*`, not a substring. */
const compiled = new Map<string, RegExp>();
function anchored(src: string): RegExp {
  let re = compiled.get(src);
  if (!re) compiled.set(src, (re = new RegExp(`^(?:${src})$`, 'u')));
  return re;
}

export function matcherMatches(m: Matcher, value: string): boolean {
  if (m.op === '=') return value === m.value;
  if (m.op === '!=') return value !== m.value;
  const hit = anchored(m.value).test(value);
  return m.op === '=~' ? hit : !hit;
}

export function matchesAll(matchers: readonly Matcher[], a: Pick<AlertInstance, 'host' | 'rule' | 'severity' | 'labels'>): boolean {
  return matchers.every((m) => matcherMatches(m, valueOf(a, m.name)));
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${m.value}`;
}

/** `host=web-1`, `rule=~"mem-.*"`, `severity!=info`: name, operator, value (quotes optional). */
export function parseMatcher(text: string): Matcher | string {
  const m = /^\s*([A-Za-z0-9_]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/su.exec(text);
  if (!m) return `"${text}" is not a matcher (use name=value, name!=value, name=~regex or name!~regex)`;
  const [, name, op, raw] = m as unknown as [string, string, MatchOp, string];
  const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  const problem = matcherProblem({ name, op, value });
  return problem ?? { name, op, value };
}

/** Why a matcher cannot be used, or null. */
export function matcherProblem(m: Matcher): string | null {
  if (!NAME.test(m.name)) return `matcher name "${m.name}" must be host, rule, severity or a label name (lower case, e.g. check, mount)`;
  if (m.value.length > MAX_VALUE) return `matcher value of ${m.name} is longer than ${MAX_VALUE} characters`;
  // Control characters have no business in a name and could rewrite a terminal's screen.
  if (/\p{Cc}/u.test(m.value)) return `matcher value of ${m.name} contains a control character`;
  if (m.op === '=~' || m.op === '!~') return regexProblem(m.value);
  return null;
}

/**
 * Regexes run on the evaluation worker against every alert, so one that backtracks
 * catastrophically would stall alerting. Refused: back-references and any quantified group that
 * itself holds a quantifier or an alternation (`(a+)+`, `(a|aa)*`), the shapes behind exponential
 * backtracking. What is left runs in linear-ish time on the short values matched here.
 */
export function regexProblem(src: string): string | null {
  try {
    new RegExp(`^(?:${src})$`, 'u');
  } catch (err) {
    return `invalid regex "${src}": ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  if (/\\[1-9]|\\k</.test(src)) return `regex "${src}": back-references are not allowed`;
  const frames: boolean[] = [false];
  const isQuantifier = (i: number) => src[i] === '*' || src[i] === '+' || src[i] === '?' || (src[i] === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)));
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (c === '(') frames.push(false);
    else if (c === '|' || (isQuantifier(i) && i > 0 && src[i - 1] !== '(')) frames[frames.length - 1] = true;
    else if (c === ')') {
      const risky = frames.pop() ?? false;
      if (risky && isQuantifier(i + 1)) return `regex "${src}": a repeated group may not hold a repetition or an alternation (catastrophic backtracking)`;
      if (risky) frames[frames.length - 1] = true;
    }
  }
  return null;
}
