import type { CheckConfig } from '../config/checks-schema.js';

/** A check with neither hosts nor tags runs everywhere; otherwise on a listed host or a host with a listed tag. */
export function checksForHost(opts: { checks: readonly CheckConfig[]; host: string; tags: readonly string[] }): CheckConfig[] {
  return opts.checks.filter((c) => {
    if (c.hosts === undefined && c.tags === undefined) return true;
    return (c.hosts?.includes(opts.host) ?? false) || (c.tags?.some((t) => opts.tags.includes(t)) ?? false);
  });
}

/** The agent's check tick: the shortest interval (at least 100 ms); null when it has no checks. */
export function checksTick(checks: readonly CheckConfig[]): number | null {
  if (checks.length === 0) return null;
  return Math.max(100, Math.min(...checks.map((c) => c.interval)));
}

/** Long enough for the slowest check plus a restart command, so BullMQ never thinks the job stalled. */
export function checksLockDuration(checks: readonly CheckConfig[]): number {
  const worst = Math.max(0, ...checks.map((c) => c.timeout + 1_000 + (c.restart?.timeout ?? 0)));
  return Math.max(30_000, worst * 2);
}
