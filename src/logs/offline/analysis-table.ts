/**
 * The readable table of `checkup logs analyze` (without --json). Templates and examples come from
 * log lines an attacker may have written: control characters (a terminal escape sequence, a
 * carriage return that hides what came before) and bidirectional overrides are shown escaped, and
 * long texts are cut, so the table shows what the line held without the terminal acting on it.
 */
import type { FileAnalysis } from './analyze-file.js';

// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are escaped
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_SHOWN = 300;

/** Text safe to print on a terminal: unsafe characters as `\xNN` / `\uNNNN`, cut at MAX_SHOWN. */
export function terminalSafe(s: string): string {
  const cut = s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
  return cut.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const n = (v: number): string => v.toLocaleString('en-US');

export function formatAnalysisTable(a: FileAnalysis): string {
  const out: string[] = [];
  out.push(
    `file ${terminalSafe(a.file)} · format ${terminalSafe(a.format)} · ${n(a.stats.lines)} lines · ${n(a.stats.entries)} entries · ${n(a.templates.length)} templates`,
  );
  if (a.stats.truncatedLines > 0) out.push(`${n(a.stats.truncatedLines)} line(s) longer than 64 KiB were cut`);
  if (a.stats.cappedEntries > 0) out.push(`${n(a.stats.cappedEntries)} folded entr(y/ies) reached 64 KiB; the rest of their text was not kept`);
  if (a.templates.length === 0) {
    out.push('no log entries');
    return out.join('\n');
  }
  const countWidth = Math.max(5, ...a.templates.map((t) => n(t.count).length));
  const pad = ' '.repeat(countWidth + 2 + 8 + 2 + 12 + 2);
  out.push(`${'COUNT'.padStart(countWidth)}  SEVERITY  ${'ID'.padEnd(12)}  TEMPLATE`);
  for (const t of a.templates) {
    out.push(`${n(t.count).padStart(countWidth)}  ${t.severity.padEnd(8)}  ${t.id.padEnd(12)}  ${terminalSafe(t.template)}`);
    const example = t.examples[0];
    if (example !== undefined && example !== t.template) out.push(`${pad}e.g. ${terminalSafe(example)}`);
  }
  if (a.lines) {
    out.push('', 'LINE  ID');
    a.lines.forEach((id, i) => out.push(`${String(i + 1).padStart(4)}  ${id}`));
  }
  return out.join('\n');
}
