/**
 * A header pattern in logparser's notation, e.g. `<Date> <Time> <Level> <Component>: <Content>`:
 * each `<Name>` is a field, `<Content>` the message, everything else literal (a backslash escapes
 * the next character, as in logparser's published formats), and a run of spaces matches any run
 * of whitespace, since aligned columns pad with a varying number of spaces.
 *
 * logparser turns the pattern into a regex of lazy `(.*?)` groups. With several of them, a line that
 * almost fits makes a backtracking engine try every split: polynomial in the line length, which an
 * attacker controls. This matcher never goes back: a field ends where the literal after it first
 * matches (`<Content>`, greedy, where it last does), one scan per field. On well-formed lines the two
 * agree; the LogHub test checks it on all 12 sets.
 */
export type HeaderPattern = {
  source: string;
  fields: string[];
  items: Item[];
};

/** A literal is a list of atoms: text to match as is, or a run of whitespace (one or more). */
type Atom = { ws: true } | { ws: false; text: string };
type Item = { field: string } | { literal: Atom[] };

export class PatternError extends Error {}

const MAX_PATTERN = 1000;

function literalAtoms(part: string): Atom[] {
  const atoms: Atom[] = [];
  let text = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    if (ch === '\\' && i + 1 < part.length) {
      text += part[++i]!;
    } else if (ch === ' ' || ch === '\t') {
      while (part[i + 1] === ' ' || part[i + 1] === '\t') i++;
      if (text) atoms.push({ ws: false, text });
      text = '';
      atoms.push({ ws: true });
    } else text += ch;
  }
  if (text) atoms.push({ ws: false, text });
  return atoms;
}

export function compilePattern(pattern: string): HeaderPattern {
  if (pattern.length > MAX_PATTERN) throw new PatternError(`pattern is ${pattern.length} characters, more than ${MAX_PATTERN}`);
  const fields: string[] = [];
  const items: Item[] = [];
  for (const part of pattern.split(/(<[A-Za-z_][A-Za-z0-9_]*>)/)) {
    if (part === '') continue;
    if (part.startsWith('<') && part.endsWith('>') && part.length > 2) {
      const name = part.slice(1, -1);
      if (fields.includes(name)) throw new PatternError(`field <${name}> appears twice in "${pattern}"`);
      if (items.at(-1) && 'field' in items.at(-1)!)
        throw new PatternError(`fields <${(items.at(-1) as { field: string }).field}> and <${name}> need something between them in "${pattern}"`);
      fields.push(name);
      items.push({ field: name });
    } else items.push({ literal: literalAtoms(part) });
  }
  if (!fields.includes('Content')) throw new PatternError(`pattern "${pattern}" has no <Content> field`);
  return { source: pattern, fields, items };
}

const isWs = (c: number): boolean => c === 32 || c === 9;

/** Where the literal ends if it matches at `at`, else -1. */
function matchLiteral(atoms: readonly Atom[], line: string, at: number): number {
  let i = at;
  for (const atom of atoms) {
    if (atom.ws) {
      if (!isWs(line.charCodeAt(i))) return -1;
      while (isWs(line.charCodeAt(i))) i++;
    } else {
      if (!line.startsWith(atom.text, i)) return -1;
      i += atom.text.length;
    }
  }
  return i;
}

/** First (or, greedy, last) position from `from` where the literal matches: [start, end] or undefined. */
function findLiteral(atoms: readonly Atom[], line: string, from: number, greedy: boolean): [number, number] | undefined {
  const head = atoms[0];
  if (!head) return [from, from];
  if (greedy) {
    for (let at = line.length; at >= from; at--) {
      const end = matchLiteral(atoms, line, at);
      if (end >= 0) return [at, end];
    }
    return undefined;
  }
  let at = from;
  while (at <= line.length) {
    if (head.ws) {
      while (at < line.length && !isWs(line.charCodeAt(at))) at++;
    } else {
      at = line.indexOf(head.text, at);
      if (at < 0) return undefined;
    }
    if (at >= line.length && head.ws) return undefined;
    const end = matchLiteral(atoms, line, at);
    if (end >= 0) return [at, end];
    at++;
  }
  return undefined;
}

/** The fields of one line, or undefined when the line does not fit the pattern (a continuation, say). */
export function matchPattern(p: HeaderPattern, line: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let pos = 0;
  for (let k = 0; k < p.items.length; k++) {
    const item = p.items[k]!;
    if ('literal' in item) {
      pos = matchLiteral(item.literal, line, pos);
      if (pos < 0) return undefined;
      continue;
    }
    const next = p.items[k + 1] as { literal: Atom[] } | undefined;
    if (!next) {
      out[item.field] = line.slice(pos);
      return out;
    }
    const found = findLiteral(next.literal, line, pos, item.field === 'Content');
    if (!found) return undefined;
    out[item.field] = line.slice(pos, found[0]);
    pos = found[1];
    k++;
  }
  return pos === line.length ? out : undefined;
}
