import type { CheckState } from '../checks/check-state.js';
import type { CheckStore } from '../checks/check-store.js';
import { RESTART_BUDGET_RULE, type AlertsConfig, type RuleConfig } from '../config/alerts-schema.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { SeriesStore } from '../store/types.js';
import type { AlertStore } from './alert-store.js';
import { forecastRuleSpec, forecastSamples, type Forecaster } from './forecast-source.js';
import { logRuleSpec, logSamples, newTemplateSamples } from './log-source.js';
import type { LogReader } from '../logs/store/log-repo.js';
import { alertKey } from './notification.js';
import { stepAlert, type AlertRecord, type RuleSpec, type Step } from './rule-state.js';
import { checkRuleSpec, checkSamples, metricSamples, restartBudgetSamples, type LabeledSample } from './sources.js';
import type { Severity } from './types.js';
import type { SecurityReader } from '../security/store/security-repo.js';
import { isSecurityRule, securityRuleSpec, securitySamples } from './security-source.js';

export type RuleInputs = {
  alerts: AlertsConfig;
  hosts: Pick<HostRepo, 'get'>;
  store: Pick<SeriesStore, 'range'>;
  checks: Pick<CheckStore, 'states' | 'segments'>;
  /** Only its forecast cache is used here. */
  alertStore: Pick<AlertStore, 'cachedForecast' | 'cacheForecast'>;
  forecaster?: Forecaster;
  /** The log store: log and new-template rules have no data without it. */
  logs?: LogReader;
  /** What the agents stored of logins, ports and files; security rules have no data without it. */
  security?: SecurityReader;
};

export type Stepped = Step & { key: string; host: string };

/**
 * A check's state only goes missing when Redis lost it (it is never deleted), and the agent writes
 * it again on its next tick: a spent budget must not resolve (and fire again) meanwhile.
 */
const BUDGET_SPEC: RuleSpec = { op: '>=', threshold: 1, forMs: 0, keepFiringForMs: 10 * 60_000 };

function specOf(rule: RuleConfig): RuleSpec {
  const timing = { forMs: rule.for, keepFiringForMs: rule.keepFiringFor };
  if (rule.type === 'check') return { ...checkRuleSpec(rule), ...timing };
  if (rule.type === 'forecast') return { ...forecastRuleSpec(rule), ...timing };
  if (rule.type === 'log') return { ...logRuleSpec(rule), ...timing };
  if (rule.type === 'new-template') return { op: '>=', threshold: 1, ...timing };
  if (isSecurityRule(rule)) return { ...securityRuleSpec(rule), ...timing };
  return { op: rule.op, threshold: rule.threshold, ...(rule.resolve !== undefined ? { resolve: rule.resolve } : {}), ...timing };
}

/**
 * Steps every alert instance once: each rule on each host it selects, the built-in restart budget
 * alert, and every stored instance that got no sample this time (its data is gone: keep-firing or
 * resolve). An instance whose rule left the config resolves.
 */
export async function evaluateRules(o: { inputs: RuleInputs; hosts: string[]; records: Map<string, AlertRecord>; now: number }): Promise<Stepped[]> {
  const { inputs, now } = o;
  const out: Stepped[] = [];
  const seen = new Set<string>();
  const tags = new Map<string, string[]>();
  const states = new Map<string, Map<string, CheckState>>();
  const tagsOf = async (host: string) => tags.get(host) ?? tags.set(host, (await inputs.hosts.get(host))?.tags ?? []).get(host) ?? [];
  const statesOf = async (host: string) => states.get(host) ?? states.set(host, await inputs.checks.states(host)).get(host) ?? new Map<string, CheckState>();
  const step = (rule: string, host: string, severity: Severity, spec: RuleSpec, s: LabeledSample) => {
    const key = alertKey(rule, host, s.labels);
    seen.add(key);
    const r = stepAlert({ prev: o.records.get(key) ?? null, sample: s, rule: spec, id: { key, rule, host, labels: s.labels, severity }, now });
    out.push({ ...r, key, host });
  };

  for (const rule of inputs.alerts.rules) {
    const spec = specOf(rule);
    for (const host of o.hosts) {
      if (!(await selects(rule, host))) continue;
      for (const s of await samplesFor(rule, host)) step(rule.name, host, rule.severity, spec, s);
    }
  }
  for (const host of o.hosts) {
    for (const s of restartBudgetSamples({ states: await statesOf(host), now }))
      step(RESTART_BUDGET_RULE, host, inputs.alerts.restartBudget.severity, BUDGET_SPEC, s);
  }
  for (const [key, prev] of o.records) {
    if (seen.has(key) || prev.instance.status === 'resolved') continue;
    const rule = inputs.alerts.rules.find((r) => r.name === prev.instance.rule);
    const host = prev.instance.host;
    if (!rule && prev.instance.rule !== RESTART_BUDGET_RULE) {
      const firing = prev.instance.status === 'firing';
      const instance = { ...prev.instance, status: 'resolved' as const, resolvedAt: now, message: 'rule removed from the config' };
      out.push({ record: firing ? { ...prev, instance } : null, change: firing ? 'resolved' : null, key, host });
      continue;
    }
    const r = stepAlert({ prev, sample: null, rule: rule ? specOf(rule) : BUDGET_SPEC, id: { ...prev.instance }, now });
    out.push({ ...r, key, host });
  }
  return out;

  /** Template ids of this rule's live instances on the host: they get a sample even when their template is quiet. */
  function openTemplates(rule: string, host: string): string[] {
    return [...o.records.values()].flatMap((r) =>
      r.instance.rule === rule && r.instance.host === host && r.instance.labels.template ? [r.instance.labels.template] : [],
    );
  }

  async function selects(rule: RuleConfig, host: string): Promise<boolean> {
    if (!rule.hosts && !rule.tags) return true;
    if (rule.hosts?.includes(host)) return true;
    const hostTags = rule.tags ? await tagsOf(host) : [];
    return (rule.tags ?? []).some((t) => hostTags.includes(t));
  }

  async function samplesFor(rule: RuleConfig, host: string): Promise<LabeledSample[]> {
    if (rule.type === 'metric') return metricSamples({ rule, host, hosts: inputs.hosts, now });
    if (rule.type === 'check') return checkSamples({ rule, host, states: await statesOf(host), checks: inputs.checks, now });
    if (rule.type === 'log') return inputs.logs ? logSamples({ rule, host, logs: inputs.logs, now, open: openTemplates(rule.name, host) }) : [];
    if (rule.type === 'new-template')
      return inputs.logs ? newTemplateSamples({ rule, host, logs: inputs.logs, open: openTemplates(rule.name, host), now }) : [];
    if (isSecurityRule(rule)) {
      if (!inputs.security) return [];
      const live = [...o.records.values()]
        .filter((r) => r.instance.rule === rule.name && r.instance.host === host && r.instance.status !== 'resolved')
        .map((r) => r.instance.labels);
      return securitySamples({ rule, host, security: inputs.security, now, live });
    }
    const cacheKey = `${rule.name}/${host}`;
    const cached = await inputs.alertStore.cachedForecast(cacheKey, rule.every, now);
    if (cached) return cached;
    const fresh = await forecastSamples({ rule, host, store: inputs.store, now, ...(inputs.forecaster ? { forecaster: inputs.forecaster } : {}) });
    await inputs.alertStore.cacheForecast(cacheKey, fresh, now);
    return fresh;
  }
}
