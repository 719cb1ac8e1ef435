import { interpolate } from '../templates/helpers.js';
import { pluralKey } from '../templates/plural.js';
import { SCORING_RULE } from './data-basis.js';
import { hostFindings, type Issue } from './findings.js';
import type { HostSection } from './host-section.js';
import { THRESHOLDS, worst, type Status } from './thresholds.js';

export type { Issue } from './findings.js';

const PENALTY: Record<Status, number> = { ok: 0, warn: 8, fail: 20 };
const MAX_LISTED = 10;

/**
 * A 0–100 score: 100 minus a fixed penalty per finding (warn 8, fail 20), spread over the scored hosts.
 * A host with too little data (SCORING_RULE) is not scored; with no host scored there is no score
 * at all. The reasons list the rules applied so a reader can recompute the score by hand.
 */
export function buildSummary(hosts: HostSection[], strings: Record<string, string>, locale: string) {
  const say = (key: string, args: Record<string, unknown> = {}) => interpolate(strings[key] ?? key, args);
  const rank: Record<Status, number> = { fail: 2, warn: 1, ok: 0 };
  const issues: Issue[] = hosts.flatMap((h) => hostFindings(h, { strings, locale }));
  issues.sort((a, b) => rank[b.severity] - rank[a.severity] || b.weight - a.weight);
  const scored = hosts.filter((h) => h.basis.scoring !== 'insufficient');
  const counted = issues.filter((i) => i.counted);
  const penalty = counted.reduce((s, i) => s + PENALTY[i.severity], 0) / Math.max(scored.length, 1);
  const count = (sev: Status) => counted.filter((i) => i.severity === sev).length;
  const sayN = (key: string, n: number, args: Record<string, unknown>) => say(pluralKey(strings, locale, key, n), args);
  const hostsOk = scored.filter((h) => h.status === 'ok').length;
  return {
    score: scored.length === 0 ? null : Math.max(0, Math.round(100 - penalty)),
    status: worst(counted.map((i) => i.severity)),
    hostCount: hosts.length,
    scoredCount: scored.length,
    hostsOk,
    /** How many hosts are healthy, out of all the report covers: unscored hosts are counted and named as such, never dropped. */
    hostsLine: hostsLine({ ok: hostsOk, scored: scored.length, total: hosts.length }, sayN),
    notScored: hosts.filter((h) => h.basis.scoring === 'insufficient').map((h) => h.id),
    issues: issues.slice(0, MAX_LISTED),
    /** Findings beyond the listed ones: counted, so the reasons' tally matches, but not printed. */
    moreIssues: Math.max(0, issues.length - MAX_LISTED),
    /** The rule for "not enough data to score", stated wherever a score or its absence is. */
    dataRule: say('summary.dataRule', { samples: SCORING_RULE.minSamples, pct: SCORING_RULE.minCoveragePct }),
    reasons: [
      say('summary.reasonPenalty', { fail: count('fail'), failPts: PENALTY.fail, warn: count('warn'), warnPts: PENALTY.warn, hosts: scored.length }),
      say('summary.reasonDisk', { warn: THRESHOLDS.diskWarnPct, fail: THRESHOLDS.diskFailPct }),
      say('summary.reasonCpu', { warn: THRESHOLDS.cpuAvgWarnPct, fail: THRESHOLDS.cpuAvgFailPct }),
      say('summary.reasonMem', { warn: THRESHOLDS.memMaxWarnPct, fail: THRESHOLDS.memMaxFailPct }),
      say('summary.reasonCoverage', { warn: THRESHOLDS.coverageWarnPct }),
    ],
  };
}

/** "2 of 3 hosts healthy", or with unscored hosts "1 of 2 scored hosts healthy; 1 of 3 not scored (not enough data)". */
function hostsLine(n: { ok: number; scored: number; total: number }, sayN: (key: string, n: number, args: Record<string, unknown>) => string): string {
  if (n.scored === n.total) return sayN('summary.hostsOk', n.total, { n: n.ok, total: n.total });
  if (n.scored === 0) return sayN('summary.hostsNoneScored', n.total, { total: n.total });
  return sayN('summary.hostsOkPartial', n.scored, { n: n.ok, scored: n.scored, unscored: n.total - n.scored, total: n.total });
}
