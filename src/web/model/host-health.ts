import type { AlertInstance } from '../../alert/types.js';
import type { CheckResult } from '../../checks/types.js';
import type { HostRecord } from '../../fleet/host-repo.js';
import { statusOf, THRESHOLDS, worst, type Status } from '../../report/model/thresholds.js';
import { formatDuration } from '../../shared/duration.js';

export type HostSummary = ReturnType<typeof summarizeHost>;

/** A recent CPU average and the span its samples really cover (`windowMs` ≤ `fullWindowMs`). */
export type CpuAverage = { pct: number; windowMs: number; fullWindowMs: number };

/** A host is "silent" after this many missed collections: one late tick is not an outage. */
export const MISSED_TICKS = 3;

/**
 * The health of one host right now, from its latest snapshot, its checks and its firing alerts,
 * with the reasons spelled out, using the same thresholds as the reports.
 */
export function summarizeHost(opts: {
  id: string;
  record: HostRecord | null;
  checks: CheckResult[];
  alerts: AlertInstance[];
  now: number;
  intervalMs: number;
  cpuAvg?: CpuAverage | null;
}) {
  const { record, now } = opts;
  const latest = record?.latest ?? null;
  const staleAfter = Math.max(MISSED_TICKS * opts.intervalMs, 60_000);
  const lastSeen = record?.lastSeen ?? null;
  const silentFor = lastSeen === null ? null : now - lastSeen;
  const disks = (latest?.disks ?? [])
    .map((d) => ({ ...d, status: statusOf(d.usedPct, THRESHOLDS.diskWarnPct, THRESHOLDS.diskFailPct) }))
    .sort((a, b) => b.usedPct - a.usedPct);
  const cpuPct = latest?.cpu?.total ?? null;
  const uptimeSec = latest?.uptimeSec ?? record?.info?.uptimeSec ?? null;
  const memPct = latest?.mem.usedPct ?? null;
  const failingChecks = opts.checks.filter((c) => c.status !== 'ok');
  const firing = opts.alerts.filter((a) => a.status === 'firing' && a.host === opts.id);
  const reasons: Array<{ status: Status; text: string }> = [];
  if (lastSeen === null) reasons.push({ status: 'fail', text: 'no data collected yet' });
  else if (silentFor !== null && silentFor > staleAfter) reasons.push({ status: 'fail', text: `silent for ${formatDuration(silentFor)}` });
  for (const d of disks) if (d.status !== 'ok') reasons.push({ status: d.status, text: `disk ${d.mount} ${d.usedPct.toFixed(1)}% full` });
  // One busy sample is not an unhealthy host: judge CPU on a few minutes' average when there is one.
  const cpuJudged = opts.cpuAvg?.pct ?? cpuPct;
  const cpuStatus = statusOf(cpuJudged, THRESHOLDS.cpuAvgWarnPct, THRESHOLDS.cpuAvgFailPct);
  if (cpuStatus !== 'ok') reasons.push({ status: cpuStatus, text: `CPU ${cpuJudged?.toFixed(1)}%${averageBasis(opts.cpuAvg)}` });
  const memStatus = statusOf(memPct, THRESHOLDS.memMaxWarnPct, THRESHOLDS.memMaxFailPct);
  if (memStatus !== 'ok') reasons.push({ status: memStatus, text: `memory ${memPct?.toFixed(1)}%` });
  // A check that cannot tell is worth a look (often a check applied to the wrong hosts), not an outage.
  for (const c of failingChecks)
    reasons.push({
      status: c.status === 'unknown' ? 'warn' : c.status,
      text: c.status === 'unknown' ? `check ${c.check}: unknown (${c.message})` : `check ${c.check}: ${c.status}`,
    });
  for (const a of firing)
    reasons.push({ status: a.severity === 'critical' ? 'fail' : a.severity === 'warning' ? 'warn' : 'ok', text: `alert ${a.rule} firing` });
  return {
    id: opts.id,
    status: worst(reasons.map((r) => r.status)),
    reasons,
    simulated: record?.simulated ?? false,
    tags: record?.tags ?? [],
    info: record?.info ?? null,
    lastSeen,
    stale: lastSeen === null || (silentFor ?? 0) > staleAfter,
    cpuPct,
    memPct,
    load1: latest?.load.l1 ?? null,
    load15: latest?.load.l15 ?? null,
    uptimeMs: uptimeSec === null ? null : uptimeSec * 1000,
    disks,
    worstDisk: disks[0] ?? null,
    checks: opts.checks,
    failingChecks,
    firing,
  };
}

/** What an average is of: "5-min average" only when samples cover the whole window. */
function averageBasis(avg: CpuAverage | null | undefined): string {
  if (!avg) return ' (latest sample)';
  const full = formatDuration(avg.fullWindowMs).replace(/m$/, '-min');
  if (avg.windowMs >= avg.fullWindowMs) return ` (${full} average)`;
  return ` (average of the last ${formatDuration(avg.windowMs)}: samples cover only that much of ${formatDuration(avg.fullWindowMs)})`;
}
