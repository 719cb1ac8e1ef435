/**
 * The small JSONPath subset a health endpoint needs: `$`, `.key`, `['key']` / `["key"]` and `[n]`.
 * No filters or wildcards: one path names one value, so "equals" has one meaning.
 */
export type JsonPathStep = string | number;

export function parseJsonPath(path: string): JsonPathStep[] | null {
  let rest = path.trim();
  if (rest.startsWith('$')) rest = rest.slice(1);
  else if (rest !== '' && !rest.startsWith('[')) rest = `.${rest}`;
  const steps: JsonPathStep[] = [];
  while (rest.length > 0) {
    const m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest) ?? /^\[(\d+)\]/.exec(rest) ?? /^\['([^']*)'\]/.exec(rest) ?? /^\["([^"]*)"\]/.exec(rest);
    if (!m || m[1] === undefined) return null;
    const quoted = m[0].startsWith("['") || m[0].startsWith('["');
    steps.push(m[0].startsWith('[') && !quoted ? Number(m[1]) : m[1]);
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** The value at the path, or `undefined` when any step is missing. */
export function readJsonPath(doc: unknown, steps: JsonPathStep[]): unknown {
  let cur: unknown = doc;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return undefined;
      cur = cur[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}
