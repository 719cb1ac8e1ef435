import type { RuleConfig } from '../config/alerts-schema.js';
import { logLine } from '../logs/display-text.js';
import type { LogReader, LogTemplateTotal } from '../logs/store/log-repo.js';
import { atLeast } from '../logs/store/severity-rank.js';
import { formatDuration } from '../shared/duration.js';
import type { RuleSpec } from './rule-state.js';
import type { LabeledSample } from './sources.js';
import type { AlertLogDetail } from './types.js';

type LogRule = Extract<RuleConfig, { type: 'log' }>;
type NewTemplateRule = Extract<RuleConfig, { type: 'new-template' }>;

/** Templates read per evaluation of a rule; a regex is matched against each of them. */
const MAX_TEMPLATES = 1000;
const MINUTE_MS = 60_000;

const detail = (t: LogTemplateTotal): AlertLogDetail => ({
  templateId: t.id,
  template: logLine(t.template),
  example: t.examples[0] !== undefined ? logLine(t.examples[0]) : null,
});

export function logRuleSpec(rule: LogRule): Pick<RuleSpec, 'op' | 'threshold' | 'resolve'> {
  // "Resolves below resolve": with op >= the clear test is count < resolve, as the threshold's own side.
  return { op: rule.op, threshold: rule.threshold, ...(rule.resolve !== undefined ? { resolve: rule.resolve } : {}) };
}

/**
 * A log rule's count over its trailing window: one sample per host, or one per matching template
 * (`by: template`). A host whose logs were never read gives no sample (no data, not zero).
 */
export async function logSamples(o: { rule: LogRule; host: string; logs: LogReader; now: number; open?: string[] }): Promise<LabeledSample[]> {
  const { rule, now } = o;
  if ((await o.logs.sources(o.host)).length === 0) return [];
  const filter = {
    ...(rule.template ? { templateIds: [rule.template] } : {}),
    ...(rule.minSeverity ? { minSeverity: rule.minSeverity } : {}),
    ...(rule.sources ? { sources: rule.sources } : {}),
  };
  // The store counts per minute: the window starts on the minute at or before now - window, so it
  // always spans at least the window (a minute cut in half would drop its lines altogether).
  const from = Math.floor((now - rule.window) / MINUTE_MS) * MINUTE_MS;
  const all = await o.logs.templates({ host: o.host, from, to: now + 1, limit: MAX_TEMPLATES, filter });
  // The pattern was checked at config load; `u` so a class like \p{L} works as it does there.
  const re = rule.match !== undefined ? new RegExp(rule.match, 'u') : null;
  const matching = re ? all.filter((t) => re.test(t.template)) : all;
  const window = formatDuration(rule.window);
  const cond = `threshold ${rule.op} ${rule.threshold}${rule.resolve !== undefined ? `, resolves below ${rule.resolve}` : ''}`;
  if (rule.by === 'template') {
    const seen = new Set(matching.map((t) => t.id));
    // A template that stopped logging counts zero (data, so its alert resolves), not "no data".
    const quiet = (o.open ?? []).filter((id) => !seen.has(id));
    return [
      ...matching.map((t) => ({
        labels: { template: t.id },
        value: t.count,
        message: `${t.count} ${t.severity} line(s) of template ${t.id} in the last ${window} (${cond})`,
        log: detail(t),
      })),
      ...quiet.map((id) => ({ labels: { template: id }, value: 0, message: `0 line(s) of template ${id} in the last ${window} (${cond})` })),
    ];
  }
  const count = matching.reduce((s, t) => s + t.count, 0);
  const top = matching.reduce<LogTemplateTotal | null>((a, t) => (a === null || t.count > a.count ? t : a), null);
  const kinds = matching.length > 1 ? ` in ${matching.length} templates` : '';
  return [
    {
      labels: {},
      value: count,
      message: `${count} matching line(s)${kinds} in the last ${window} (${cond})`,
      ...(top ? { log: detail(top) } : {}),
    },
  ];
}

/**
 * New templates: each template at `minSeverity` or worse whose first sighting on the host is within
 * `lookback` (and past the host's baseline) gives value 1, labelled with its id. An open alert keeps
 * its sample, 1 while the template logged within `quiet`, 0 after: so it resolves once quiet, and
 * never fires again, since by then its first sighting is older than the lookback (quiet ≥ lookback).
 */
export async function newTemplateSamples(o: { rule: NewTemplateRule; host: string; logs: LogReader; open: string[]; now: number }): Promise<LabeledSample[]> {
  const { rule, now } = o;
  const sources = await o.logs.sources(o.host);
  if (sources.length === 0) return [];
  const baselineEnd = Math.min(...sources.map((s) => s.since)) + rule.baseline;
  const filter = { minSeverity: rule.minSeverity, ...(rule.sources ? { sources: rule.sources } : {}) };
  const since = (ms: number) => Math.floor((now - ms) / MINUTE_MS) * MINUTE_MS;
  const fresh = (await o.logs.newTemplates({ host: o.host, from: since(rule.lookback), to: now + 1 })).filter(
    (t) => (t.firstSeen ?? 0) >= baselineEnd && atLeast(t.severity, rule.minSeverity) && (!rule.sources || t.sources.some((s) => rule.sources!.includes(s))),
  );
  const ids = [...new Set([...fresh.map((t) => t.id), ...o.open])];
  if (ids.length === 0) return [];
  const recent = await o.logs.templates({ host: o.host, from: since(rule.quiet), to: now + 1, limit: ids.length, filter: { ...filter, templateIds: ids } });
  const recentById = new Map(recent.map((t) => [t.id, t]));
  const quiet = formatDuration(rule.quiet);
  return ids.map((id) => {
    const t = recentById.get(id) ?? fresh.find((f) => f.id === id);
    const lines = recentById.get(id)?.count ?? 0;
    return {
      labels: { template: id },
      value: lines > 0 ? 1 : 0,
      message:
        lines > 0
          ? `new ${t?.severity ?? ''} template ${id}: ${lines} line(s) in the last ${quiet}${t?.firstSeen ? `, first seen ${new Date(t.firstSeen).toISOString()}` : ''}`
          : `template ${id} quiet for ${quiet}`,
      ...(t && lines > 0 ? { log: detail(t) } : {}),
    };
  });
}
