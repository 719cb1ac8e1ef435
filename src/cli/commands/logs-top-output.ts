import { cell, terminalSafe } from '../terminal-safe.js';
import { textTable } from '../text-table.js';
import type { LogsTop } from '../../logs/top/logs-top.js';

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The `--json` contract: times as ISO-8601 strings. */
export function topToJson(top: LogsTop): unknown {
  return {
    host: top.host,
    period: { from: iso(top.period.from), to: iso(top.period.to) },
    templates: top.templates,
    newTemplates: top.newTemplates.map((t) => ({ ...t, firstSeen: iso(t.firstSeen) })),
    sources: top.sources.map((s) => ({ source: s.source, since: iso(s.since), lastRead: iso(s.lastRead), problem: s.problem })),
  };
}

const change = (c: number | null): string => (c === null ? 'new' : `${c >= 0 ? '+' : ''}${Math.round(c * 100)}%`);

/** A terminal table; every stored string is attacker-controlled, so each goes through terminalSafe. */
export function formatTop(top: LogsTop): string {
  const out = [`Logs of ${terminalSafe(top.host)} from ${iso(top.period.from)} to ${iso(top.period.to)}`];
  if (top.sources.length === 0) return [...out, 'No log counts from this host yet.'].join('\n');
  out.push('');
  out.push(
    top.templates.length === 0
      ? 'No lines counted in this period.'
      : textTable(
          ['COUNT', 'PREVIOUS', 'CHANGE', 'SEVERITY', 'TEMPLATE'],
          top.templates.map((t) => [String(t.count), String(t.previous), change(t.change), t.severity, cell(t.template, 100)]),
          { right: [0, 1, 2] },
        ),
  );
  if (top.newTemplates.length > 0) {
    out.push('', 'New on this host:');
    out.push(
      textTable(
        ['COUNT', 'SEVERITY', 'FIRST SEEN', 'TEMPLATE'],
        top.newTemplates.map((t) => [String(t.count), t.severity, iso(t.firstSeen) ?? '-', cell(t.template, 100)]),
        { right: [0], indent: '  ' },
      ),
    );
  }
  out.push('', 'Sources:');
  for (const s of top.sources)
    out.push(`  ${cell(s.source)}: counted since ${iso(s.since)}, last read ${iso(s.lastRead)}${s.problem ? ` — ${terminalSafe(s.problem)}` : ''}`);
  return out.join('\n');
}
