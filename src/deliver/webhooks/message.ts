import type { AlertInstance, Severity } from '../../alert/types.js';
import { logLine } from '../../logs/display-text.js';

/** A notification as channels see it: plain data; each channel escapes it for its own format. */
export type AlertMessage = {
  id: string;
  host: string;
  kind: 'firing' | 'resolved' | 'repeat' | 'report-failed' | 'report-undelivered' | 'restart-budget';
  t: number;
  firing: AlertInstance[];
  resolved: AlertInstance[];
  /** Firing now, including the newly firing ones. */
  active: AlertInstance[];
};

const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function worstSeverity(alerts: AlertInstance[]): Severity | null {
  if (alerts.length === 0) return null;
  return alerts.reduce<Severity>((w, a) => (ORDER[a.severity] < ORDER[w] ? a.severity : w), 'info');
}

/** "[FIRING] web-1: 2 alerts (critical)"; host and rule names are ids, safe in every format. */
export function title(m: AlertMessage): string {
  const tag = {
    firing: 'FIRING',
    resolved: 'RESOLVED',
    repeat: 'STILL FIRING',
    'report-failed': 'REPORT FAILED',
    'report-undelivered': 'REPORT UNDELIVERED',
    'restart-budget': 'RESTART BUDGET EXHAUSTED',
  }[m.kind];
  if (m.kind === 'report-failed' || m.kind === 'report-undelivered') return `[${tag}] ${m.firing.map((a) => a.labels.report ?? a.key).join(', ')}`;
  const list = m.kind === 'resolved' ? m.resolved : m.kind === 'repeat' ? m.active : m.firing;
  const what = list.length === 1 ? list[0]!.rule : `${list.length} alerts`;
  // The severity of what the title names: "mem-high (critical)" for a warning rule, because
  // another alert of the host still fired at critical, stated a false severity.
  const sev = worstSeverity(list);
  return `[${tag}] ${m.host}: ${what}${sev && m.kind !== 'resolved' ? ` (${sev})` : ''}`;
}

export type Line = { state: 'firing' | 'resolved' | 'still firing'; alert: AlertInstance };

/** What the message lists: changes first, then what else still fires (for context). */
export function lines(m: AlertMessage): Line[] {
  const changed = new Set([...m.firing, ...m.resolved].map((a) => a.key));
  return [
    ...m.firing.map((alert) => ({ state: 'firing' as const, alert })),
    ...m.resolved.map((alert) => ({ state: 'resolved' as const, alert })),
    ...m.active.filter((a) => !changed.has(a.key)).map((alert) => ({ state: 'still firing' as const, alert })),
  ];
}

export function when(l: Line): string {
  const t = l.state === 'resolved' ? l.alert.resolvedAt : (l.alert.firedAt ?? l.alert.since);
  return t ? new Date(t).toISOString().replace('.000Z', 'Z') : '';
}

/**
 * A log alert's template and example, each through the channel's own escape for log text, as the
 * lines that follow the alert's line; none for other alerts.
 */
export function logDetail(a: AlertInstance, escape: (text: string) => string): { template: string; example: string | null } | null {
  if (!a.log) return null;
  return { template: escape(a.log.template), example: a.log.example === null ? null : escape(a.log.example) };
}

/** A log alert's template and example as lines under its own (the markdown dialects share this shape). */
export function detailLines(d: { template: string; example: string | null } | null): string[] {
  if (!d) return [];
  return [`  template: ${d.template}`, ...(d.example !== null ? [`  example: ${d.example}`] : [])];
}

/** Plain text body: for email text parts and channels without markup. */
export function plainText(m: AlertMessage): string {
  const body = lines(m).flatMap((l) => {
    const d = logDetail(l.alert, (t) => logLine(t));
    return [
      `- ${l.state.toUpperCase()} [${l.alert.severity}] ${l.alert.rule}: ${l.alert.message} (${when(l)})`,
      ...(d ? [`    template: ${d.template}`, ...(d.example !== null ? [`    example:  ${d.example}`] : [])] : []),
    ];
  });
  return [title(m), '', ...body, '', `notification ${m.id}`].join('\n');
}
