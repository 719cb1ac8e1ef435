import { computeAvailability } from '../checks/availability.js';
import type { CheckState } from '../checks/check-state.js';
import type { CheckStore } from '../checks/check-store.js';
import { snapshotToPoints } from '../collect/snapshot-points.js';
import type { RuleConfig } from '../config/alerts-schema.js';
import type { HostRepo } from '../fleet/host-repo.js';
import { formatDuration } from '../shared/duration.js';
import type { RuleSpec, Sample } from './rule-state.js';

export type LabeledSample = Sample & { labels: Record<string, string> };
type MetricRule = Extract<RuleConfig, { type: 'metric' }>;
type CheckRule = Extract<RuleConfig, { type: 'check' }>;

const RANK = { ok: 0, warn: 1, fail: 2 } as const;

export function labelsMatch(have: Record<string, string>, want: Record<string, string> | undefined): boolean {
  return Object.entries(want ?? {}).every(([k, v]) => have[k] === v);
}

export function formatLabels(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Metric rules read the latest snapshot of the host: one read per host covers every metric. */
export async function metricSamples(o: { rule: MetricRule; host: string; hosts: Pick<HostRepo, 'get'>; now: number }): Promise<LabeledSample[]> {
  const latest = (await o.hosts.get(o.host))?.latest;
  if (!latest || o.now - latest.t > o.rule.staleAfter) return [];
  const { rule } = o;
  const resolve = rule.resolve !== undefined ? `, resolves past ${rule.resolve}` : '';
  return snapshotToPoints(latest)
    .filter((p) => p.metric === rule.metric && labelsMatch(p.labels ?? {}, rule.labels))
    .map((p) => ({
      labels: p.labels ?? {},
      value: p.v,
      message: `${rule.metric}${formatLabels(p.labels ?? {})} = ${round(p.v)} (threshold ${rule.op} ${rule.threshold}${resolve})`,
    }));
}

export function checkRuleSpec(rule: CheckRule): Pick<RuleSpec, 'op' | 'threshold' | 'resolve'> {
  if (rule.window === undefined) return { op: '>=', threshold: 1 };
  return { op: rule.op, threshold: rule.threshold ?? 50, ...(rule.resolve !== undefined ? { resolve: rule.resolve } : {}) };
}

/**
 * Check rules read the check state the agents wrote. Without a window the value is 1 while the
 * check is at or past `status`; with one it is the percent of the window's time spent there.
 * A check with no result for over two intervals (plus a tick) is no data.
 */
export async function checkSamples(o: {
  rule: CheckRule;
  host: string;
  states: Map<string, CheckState>;
  checks: Pick<CheckStore, 'segments'>;
  now: number;
}): Promise<LabeledSample[]> {
  const { rule, now } = o;
  const out: LabeledSample[] = [];
  for (const s of o.states.values()) {
    if (rule.check !== undefined && s.check !== rule.check) continue;
    const labels = { check: s.check };
    const stale = now - s.lastRunAt > 3 * s.intervalMs;
    if (stale || !s.status || !s.latest) {
      out.push({ labels, value: null, message: `check ${s.check}: no result since ${new Date(s.lastRunAt).toISOString()}` });
      continue;
    }
    if (rule.window === undefined) {
      // Unknown (the probe could not tell) is no data, as a gap is: a firing alert holds for keepFiringFor.
      if (s.status === 'unknown') out.push({ labels, value: null, message: `check ${s.check} unknown: ${s.latest.message}` });
      else out.push({ labels, value: RANK[s.status] >= RANK[rule.status] ? 1 : 0, message: `check ${s.check} ${s.status}: ${s.latest.message}` });
      continue;
    }
    const from = now - rule.window;
    const segments = await o.checks.segments(o.host, s.check, from, now);
    const a = computeAvailability({
      host: o.host,
      check: s.check,
      from,
      to: now,
      now,
      segments,
      open: s.open,
      maintenance: [],
      retries: null,
      intervalMs: s.intervalMs,
    });
    const total = a.okMs + a.warnMs + a.failMs;
    const bad = a.failMs + (rule.status === 'warn' ? a.warnMs : 0);
    const pct = total > 0 ? (bad / total) * 100 : null;
    const text = pct === null ? 'no data' : `${round(pct)}% of the last ${formatDuration(rule.window)} ${rule.status === 'warn' ? 'warn or fail' : 'failing'}`;
    out.push({ labels, value: pct, message: `check ${s.check}: ${text}; now ${s.status}: ${s.latest.message}` });
  }
  return out;
}

/**
 * The built-in restart alert: 1 while a check wants a restart its budget does not allow. A check
 * with no result for over two intervals (plus a tick: its agent stopped) is no data, as for check
 * rules: the alert then resolves after keepFiringFor saying so, instead of stating "still fail"
 * for a host nobody is watching any more.
 */
export function restartBudgetSamples(o: { states: Map<string, CheckState>; now: number }): LabeledSample[] {
  const out: LabeledSample[] = [];
  for (const s of o.states.values()) {
    if (s.restart.lastAt === null) continue;
    if (o.now - s.lastRunAt > 3 * s.intervalMs) {
      out.push({ labels: { check: s.check }, value: null, message: `check ${s.check}: no result since ${new Date(s.lastRunAt).toISOString()}` });
      continue;
    }
    const r = s.restart;
    const resume = r.resumeAt ? `; restarts resume at ${new Date(r.resumeAt).toISOString()}` : '';
    const message =
      r.exhaustedAt !== null
        ? `restart budget exhausted for check ${s.check} (still ${s.status}: ${s.latest?.message ?? ''})${resume}`
        : `check ${s.check}: restarts within budget`;
    out.push({ labels: { check: s.check }, value: r.exhaustedAt !== null ? 1 : 0, message });
  }
  return out;
}
