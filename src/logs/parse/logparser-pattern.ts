/**
 * A header pattern in logparser's notation, e.g. `<Date> <Time> <Level> <Component>: <Content>`:
 * each `<Name>` is a field, `<Content>` the message, everything else literal (a backslash escapes
 * the next character, as in logparser's published formats), and a run of spaces matches any run
 * of whitespace, since aligned columns pad with a varying number of spaces.
 */
export type HeaderPattern = {
  source: string;
  regex: RegExp;
  fields: string[];
};

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export class PatternError extends Error {}

export function compilePattern(pattern: string): HeaderPattern {
  const fields: string[] = [];
  let re = '^';
  const parts = pattern.split(/(<[A-Za-z_][A-Za-z0-9_]*>)/);
  for (const part of parts) {
    if (part.startsWith('<') && part.endsWith('>') && part.length > 2) {
      const name = part.slice(1, -1);
      if (fields.includes(name)) throw new PatternError(`field <${name}> appears twice in "${pattern}"`);
      fields.push(name);
      re += name === 'Content' ? '(.*)' : '(.*?)';
      continue;
    }
    let literal = '';
    for (let i = 0; i < part.length; i++) {
      const ch = part[i]!;
      if (ch === '\\' && i + 1 < part.length) {
        literal += escapeRegex(part[++i]!);
      } else if (ch === ' ') {
        while (part[i + 1] === ' ') i++;
        literal += '\\s+';
      } else {
        literal += escapeRegex(ch);
      }
    }
    re += literal;
  }
  if (!fields.includes('Content')) throw new PatternError(`pattern "${pattern}" has no <Content> field`);
  return { source: pattern, regex: new RegExp(`${re}$`, 's'), fields };
}

/** The fields of one line, or undefined when the line does not fit the pattern (a continuation, say). */
export function matchPattern(p: HeaderPattern, line: string): Record<string, string> | undefined {
  const m = p.regex.exec(line);
  if (!m) return undefined;
  const out: Record<string, string> = {};
  p.fields.forEach((f, i) => {
    out[f] = m[i + 1] ?? '';
  });
  return out;
}
