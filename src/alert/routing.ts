import { REPORT_FAILED_RULE, REPORT_UNDELIVERED_RULE, RESTART_BUDGET_RULE, type AlertsConfig } from '../config/alerts-schema.js';
import type { PlannedNotification } from './grouping.js';
import type { AlertInstance, Severity } from './types.js';

const LEVEL: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

function channelsOf(rule: string, cfg: AlertsConfig): string[] {
  const all = Object.keys(cfg.channels);
  if (rule === RESTART_BUDGET_RULE) return cfg.restartBudget.channels ?? all;
  if (rule === REPORT_FAILED_RULE) return cfg.reportFailures.channels ?? all;
  if (rule === REPORT_UNDELIVERED_RULE) {
    // Mail is what failed: by default tell the channels that do not depend on it.
    const other = all.filter((name) => cfg.channels[name]?.type !== 'email');
    return cfg.reportUndelivered.channels ?? (other.length > 0 ? other : all);
  }
  return cfg.rules.find((r) => r.name === rule)?.channels ?? all;
}

/**
 * Which alerts of a host's message go to which channel: by the rule's channels and the channel's
 * minimum severity. A channel gets the message only when one of its alerts changed (or, for a
 * repeat, still fires); it then also sees its other active alerts for context. A resolution goes
 * to the channels that heard the alert fire (`heard`), whatever the config says now: a rule
 * removed, re-routed or re-graded while firing must still close what it opened, and nowhere else.
 */
export function routeNotification(p: PlannedNotification, cfg: AlertsConfig, heard: Record<string, string[]> = {}): Record<string, string[]> {
  const changed = p.kind === 'repeat' ? p.active : [...p.firing, ...p.resolved];
  const resolved = new Set(p.resolved.map((a) => a.key));
  const routes: Record<string, string[]> = {};
  for (const [name, ch] of Object.entries(cfg.channels)) {
    const byConfig = (a: AlertInstance) => LEVEL[a.severity] >= LEVEL[ch.minSeverity] && channelsOf(a.rule, cfg).includes(name);
    const wants = (a: AlertInstance) => {
      const to = resolved.has(a.key) ? heard[a.key] : undefined;
      return to ? to.includes(name) : byConfig(a);
    };
    if (!changed.some(wants)) continue;
    routes[name] = [...new Set([...p.firing, ...p.resolved, ...p.active].filter(wants).map((a) => a.key))];
  }
  return routes;
}
