import { formatDuration } from '../../shared/duration.js';
import { interpolate } from '../templates/helpers.js';
import type { HostSection } from './host-section.js';
import { THRESHOLDS, worst, type Status } from './thresholds.js';

/** `key` names the finding independently of language (kind|host|subject), for comparing reports. */
export type Issue = { key: string; severity: Status; text: string; weight: number };

const PENALTY: Record<Status, number> = { ok: 0, warn: 8, fail: 20 };
const pct = (v: number | null) => `${(v ?? 0).toFixed(1)}%`;

/**
 * A 0–100 score: 100 minus a fixed penalty per finding (warn 8, fail 20), spread over the hosts.
 * The reasons list the rules applied so a reader can recompute the score by hand.
 */
export function buildSummary(hosts: HostSection[], strings: Record<string, string>) {
  const issues: Issue[] = [];
  const say = (key: string, args: Record<string, unknown>) => interpolate(strings[key] ?? key, args);
  for (const h of hosts) {
    if (!h.hasData) {
      issues.push({ key: `silent|${h.id}`, severity: 'fail', weight: 100, text: say('issue.silent', { host: h.id }) });
      continue;
    }
    for (const d of h.disks) {
      if (d.status !== 'ok') issues.push({ key: `disk|${h.id}|${d.mount}`, severity: d.status, weight: d.usedPct ?? 0, text: say('issue.diskHigh', { host: h.id, mount: d.mount, pct: pct(d.usedPct) }) });
    }
    if ((h.stats.cpuAvg ?? 0) >= THRESHOLDS.cpuAvgWarnPct) {
      const sev: Status = (h.stats.cpuAvg ?? 0) >= THRESHOLDS.cpuAvgFailPct ? 'fail' : 'warn';
      issues.push({ key: `cpu|${h.id}`, severity: sev, weight: h.stats.cpuAvg ?? 0, text: say('issue.cpuHigh', { host: h.id, pct: pct(h.stats.cpuAvg) }) });
    }
    if ((h.stats.memMax ?? 0) >= THRESHOLDS.memMaxWarnPct) {
      const sev: Status = (h.stats.memMax ?? 0) >= THRESHOLDS.memMaxFailPct ? 'fail' : 'warn';
      issues.push({ key: `mem|${h.id}`, severity: sev, weight: h.stats.memMax ?? 0, text: say('issue.memHigh', { host: h.id, pct: pct(h.stats.memMax) }) });
    }
    for (const f of h.forecasts.disks) {
      if (f.status === 'ok') continue;
      const soon = f.etaMs ?? f.earliestMs ?? Infinity;
      issues.push({ key: `forecast|${h.id}|${f.mount}`, severity: f.status, weight: 1_000 - Math.min(999, soon / 3_600_000 / 24), text: f.sentence });
    }
    for (const a of h.ops.availability) {
      if (a.status === 'ok' || a.status === 'unknown' || a.availabilityPct === null) continue;
      issues.push({ key: `availability|${h.id}|${a.check}`, severity: a.status, weight: 100 - a.availabilityPct, text: say('issue.availability', { host: h.id, check: a.check, pct: `${a.availabilityPct.toFixed(2)}%` }) });
    }
    const longest = h.gaps.reduce((m, g) => Math.max(m, g.durationMs), 0);
    if ((h.stats.coveragePct ?? 100) < THRESHOLDS.coverageWarnPct && longest > 0) {
      issues.push({ key: `gap|${h.id}`, severity: 'warn', weight: longest / 60_000, text: say('issue.gap', { host: h.id, duration: formatDuration(longest) }) });
    }
  }
  const rank: Record<Status, number> = { fail: 2, warn: 1, ok: 0 };
  issues.sort((a, b) => rank[b.severity] - rank[a.severity] || b.weight - a.weight);
  const hostCount = Math.max(hosts.length, 1);
  const penalty = issues.reduce((s, i) => s + PENALTY[i.severity], 0) / hostCount;
  const score = Math.max(0, Math.round(100 - penalty));
  return {
    score,
    status: worst(issues.map((i) => i.severity)),
    hostCount: hosts.length,
    hostsOk: hosts.filter((h) => h.status === 'ok').length,
    issues: issues.slice(0, 10),
    reasons: [
      `${issues.filter((i) => i.severity === 'fail').length} fail × ${PENALTY.fail}, ${issues.filter((i) => i.severity === 'warn').length} warn × ${PENALTY.warn}, ÷ ${hostCount} host(s)`,
      `disk ≥ ${THRESHOLDS.diskWarnPct}% warn, ≥ ${THRESHOLDS.diskFailPct}% fail`,
      `CPU avg ≥ ${THRESHOLDS.cpuAvgWarnPct}% warn, ≥ ${THRESHOLDS.cpuAvgFailPct}% fail`,
      `memory peak ≥ ${THRESHOLDS.memMaxWarnPct}% warn, ≥ ${THRESHOLDS.memMaxFailPct}% fail`,
      `data coverage < ${THRESHOLDS.coverageWarnPct}% warn`,
    ],
  };
}
