/** Left-aligned columns (numbers right-aligned) with two spaces between; cells must already be terminal-safe. */
export function textTable(header: string[], rows: string[][], opts: { indent?: string; right?: number[] } = {}): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set(opts.right ?? []);
  const fmt = (r: string[]) =>
    `${opts.indent ?? ''}${r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  return [fmt(header), ...rows.map(fmt)].join('\n');
}
