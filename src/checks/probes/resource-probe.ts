import type { CheckOf } from '../../config/checks-schema.js';
import type { HostRecord } from '../../fleet/host-repo.js';
import type { CheckStatus } from '../types.js';
import { unknown, type ProbeContext, type ProbeOutcome } from './probe.js';

type Reading = { value: number; label: string } | { missing: string };

function read(check: CheckOf<'resource'>, latest: NonNullable<HostRecord['latest']>): Reading {
  if (check.metric === 'cpu') return latest.cpu ? { value: latest.cpu.total, label: 'CPU busy' } : { missing: 'no CPU rate in the latest snapshot yet' };
  if (check.metric === 'memory') return { value: latest.mem.usedPct, label: 'memory used' };
  const field = check.metric === 'disk' ? 'usedPct' : 'inodesUsedPct';
  const disks = latest.disks.filter((d) => (check.mount === undefined || d.mount === check.mount) && d[field] !== null);
  if (disks.length === 0) return { missing: check.mount ? `no ${check.metric} usage for ${check.mount}` : `no ${check.metric} usage in the latest snapshot` };
  // The fullest mount speaks for the host when none is named.
  const worst = disks.reduce((a, b) => ((b[field] ?? 0) > (a[field] ?? 0) ? b : a));
  return { value: worst[field] ?? 0, label: `${check.metric === 'disk' ? 'disk' : 'inodes'} used on ${worst.mount}` };
}

/**
 * Thresholds on the latest snapshot this host's agent wrote: no second collection. Without a fresh
 * reading (first seconds of an agent, a Redis that lost its data, collection stalled) the usage is
 * not known, so the result is unknown, never a failure that would claim the disk was full.
 * Stalled collection shows elsewhere, as the host's data gap.
 */
export async function probeResource(check: CheckOf<'resource'>, ctx: ProbeContext): Promise<ProbeOutcome> {
  const record = await ctx.hosts.get(ctx.host);
  const latest = record?.latest;
  if (!latest) return unknown('no snapshot recorded for this host yet: usage not known');
  const age = ctx.now() - latest.t;
  if (age > check.maxAge)
    return unknown(`latest snapshot is ${Math.round(age / 1000)} s old (maxAge ${Math.round(check.maxAge / 1000)} s): is collection running?`);
  const r = read(check, latest);
  if ('missing' in r) return unknown(r.missing);
  const pct = Math.round(r.value * 10) / 10;
  const status: CheckStatus = check.fail !== undefined && r.value >= check.fail ? 'fail' : check.warn !== undefined && r.value >= check.warn ? 'warn' : 'ok';
  const limit = status === 'fail' ? ` ≥ fail ${check.fail}%` : status === 'warn' ? ` ≥ warn ${check.warn}%` : '';
  return { status, message: `${r.label} ${pct}%${limit}`, latencyMs: null, details: { value: r.value, snapshotT: latest.t } };
}
