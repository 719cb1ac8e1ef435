import { formatDurationIn } from '../../shared/duration.js';
import { interpolate } from '../templates/helpers.js';
import type { HostSection } from './host-section.js';
import { THRESHOLDS, type Status } from './thresholds.js';

/**
 * `key` names the finding independently of language (kind|host|subject), for comparing reports.
 * `counted` is false for a check finding on a host that is not scored: listed, not in the score.
 */
export type Issue = { key: string; severity: Status; text: string; weight: number; counted: boolean };
type Finding = Omit<Issue, 'counted'>;

export type Phrasing = { strings: Record<string, string>; locale: string };

/**
 * One host's findings. A host with too little data yields only its check findings (check results
 * have their own accounting); nothing is said from its samples.
 */
export function hostFindings(h: HostSection, p: Phrasing): Issue[] {
  const checks = availabilityFindings(h, p);
  if (h.basis.scoring === 'insufficient') return checks.map((i) => ({ ...i, counted: false }));
  const all = h.basis.scoring === 'silent' ? [silence(h, p), ...checks] : [...metricFindings(h, p), ...checks, ...gapFindings(h, p)];
  return all.map((i) => ({ ...i, counted: true }));
}

const say = (p: Phrasing, key: string, args: Record<string, unknown>) => interpolate(p.strings[key] ?? key, args);
const pct = (p: Phrasing, v: number | null) => new Intl.NumberFormat(p.locale, { style: 'percent', maximumFractionDigits: 1 }).format((v ?? 0) / 100);
const longestGap = (h: HostSection) =>
  h.basis.gaps.reduce<HostSection['gaps'][number] | null>((m, g) => (m === null || g.durationMs > m.durationMs ? g : m), null);

/** Monitored before the period and (nearly) silent in it. */
function silence(h: HostSection, p: Phrasing): Finding {
  const text =
    h.basis.samples === 0
      ? say(p, 'issue.silent', { host: h.id })
      : say(p, 'issue.sparse', { host: h.id, pct: pct(p, h.basis.coveragePct), duration: formatDurationIn(longestGap(h)?.durationMs ?? 0, p.locale) });
  return { key: `silent|${h.id}`, severity: 'fail', weight: 100, text };
}

function metricFindings(h: HostSection, p: Phrasing): Finding[] {
  const out: Finding[] = [];
  for (const d of h.disks) {
    if (d.status && d.status !== 'ok')
      out.push({
        key: `disk|${h.id}|${d.mount}`,
        severity: d.status,
        weight: d.usedPct ?? 0,
        text: say(p, 'issue.diskHigh', { host: h.id, mount: d.mount, pct: pct(p, d.usedPct) }),
      });
  }
  const cpu = h.stats.cpuAvg ?? 0;
  if (cpu >= THRESHOLDS.cpuAvgWarnPct)
    out.push({
      key: `cpu|${h.id}`,
      severity: cpu >= THRESHOLDS.cpuAvgFailPct ? 'fail' : 'warn',
      weight: cpu,
      text: say(p, 'issue.cpuHigh', { host: h.id, pct: pct(p, cpu) }),
    });
  const mem = h.stats.memMax ?? 0;
  if (mem >= THRESHOLDS.memMaxWarnPct)
    out.push({
      key: `mem|${h.id}`,
      severity: mem >= THRESHOLDS.memMaxFailPct ? 'fail' : 'warn',
      weight: mem,
      text: say(p, 'issue.memHigh', { host: h.id, pct: pct(p, mem) }),
    });
  for (const f of h.forecasts.disks) {
    if (f.status === 'ok') continue;
    const soon = f.etaMs ?? f.earliestMs ?? Infinity;
    out.push({ key: `forecast|${h.id}|${f.mount}`, severity: f.status, weight: 1_000 - Math.min(999, soon / 3_600_000 / 24), text: f.sentence });
  }
  return out;
}

/** A check below its availability target: from check results, not from metric samples. */
function availabilityFindings(h: HostSection, p: Phrasing): Finding[] {
  const two = new Intl.NumberFormat(p.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return h.ops.availability.flatMap((a) =>
    a.status === 'ok' || a.status === 'nodata' || a.status === 'unknown' || a.availabilityPct === null
      ? []
      : [
          {
            key: `availability|${h.id}|${a.check}`,
            severity: a.status,
            weight: 100 - a.availabilityPct,
            text: say(p, 'issue.availability', { host: h.id, check: a.check, pct: `${two.format(a.availabilityPct)}%` }),
          },
        ],
  );
}

function gapFindings(h: HostSection, p: Phrasing): Finding[] {
  const longest = longestGap(h);
  if (!longest || (h.stats.coveragePct ?? 100) >= THRESHOLDS.coverageWarnPct) return [];
  const duration = formatDurationIn(longest.durationMs, p.locale);
  const text = longest.beforeMonitoring ? say(p, 'issue.gapBeforeMonitoring', { host: h.id, duration }) : say(p, 'issue.gap', { host: h.id, duration });
  return [{ key: `gap|${h.id}`, severity: 'warn', weight: longest.durationMs / 60_000, text }];
}
