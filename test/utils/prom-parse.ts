/** One metric family of the text exposition format 0.0.4. */
export type Family = { name: string; type: string; help: string; samples: Array<{ name: string; labels: Record<string, string>; value: number }> };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * A strict reader of Prometheus text exposition: it throws, naming the line, on anything a
 * scraper could reject or misread: bad names or escapes, TYPE after samples, a family split in
 * two, a duplicate series, a sample that does not belong to its family's type, a missing HELP.
 */
export function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: Family | null = null;
  const family = (name: string, line: number) => {
    if (current && current.name !== name) closed.add(current.name);
    if (closed.has(name)) throw new Error(`line ${line}: family ${name} appears in two places`);
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: 'untyped', help: '', samples: [] }));
    current = f;
    return f;
  };
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      const f = family(name, line);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`line ${line}: unknown type ${rest}`);
        if (f.samples.length > 0) throw new Error(`line ${line}: TYPE after samples of ${name}`);
        f.type = rest;
      } else {
        if (f.help) throw new Error(`line ${line}: second HELP for ${name}`);
        if (/\\(?![\\n])/.test(rest)) throw new Error(`line ${line}: bad escape in HELP`);
        f.help = rest;
      }
      return;
    }
    if (raw.startsWith('#')) return;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(raw);
    if (!m) throw new Error(`line ${line}: not a sample: ${raw}`);
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    const base =
      current && (name === current.name || (['histogram', 'summary'].includes(current.type) && /_(bucket|sum|count)$/.test(name))) ? current.name : name;
    if (base !== name && !name.startsWith(base)) throw new Error(`line ${line}: sample ${name} outside its family`);
    const f = family(base, line);
    if ((f.type === 'gauge' || f.type === 'counter') && name !== f.name) throw new Error(`line ${line}: ${name} in ${f.type} family ${f.name}`);
    const labels = parseLabels(labelText ?? '', line);
    const value = /^[+-]?Inf$/.test(valueText) ? (valueText.startsWith('-') ? -Infinity : Infinity) : valueText === 'NaN' ? NaN : Number(valueText);
    if (!/^([+-]?Inf|NaN|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/.test(valueText)) throw new Error(`line ${line}: bad value ${valueText}`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`line ${line}: duplicate series ${key}`);
    seen.add(key);
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (!f.help) throw new Error(`family ${f.name} has no HELP`);
  return families;
}

function parseLabels(text: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === '') return out;
  let rest = text.slice(1, -1);
  while (rest.length > 0) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
    if (!m || !LABEL.test(m[1]!)) throw new Error(`line ${line}: bad label set ${text}`);
    if (m[1]! in out) throw new Error(`line ${line}: label ${m[1]} twice`);
    out[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(m[0].length);
  }
  return out;
}
