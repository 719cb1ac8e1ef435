import type { Queue } from 'bullmq';
import type { ChecksConfig } from '../config/checks-schema.js';
import { jobOptions, runChecks } from '../queue/contracts/index.js';
import { checksForHost, checksTick } from './select-checks.js';

/** Checks get their own queue per host: a slow probe never delays collection, and only that host's agent takes them. */
export function checksQueueName(host: string): string {
  return `checks-${host}`;
}

/**
 * The agent's check scheduler `checks:<host>`, ticking at the shortest check interval; each tick
 * runs the checks that are due. Removed when the host has no checks. The payload names the host
 * and nothing else: what to run (and any restart command) comes from this agent's own config.
 */
export async function syncCheckSchedule(o: { queue: Queue; host: string; tags: string[]; checks: ChecksConfig }): Promise<{ tickMs: number | null }> {
  const id = `checks:${o.host}`;
  const tickMs = checksTick(checksForHost({ checks: o.checks, host: o.host, tags: o.tags }));
  if (tickMs === null) {
    await o.queue.removeJobScheduler(id);
    return { tickMs };
  }
  await o.queue.upsertJobScheduler(id, { every: tickMs }, { name: runChecks.name, data: { host: o.host }, opts: jobOptions(runChecks) });
  return { tickMs };
}

/** Long enough for the slowest check plus a restart command, so BullMQ never thinks the job stalled. */
export function checksLockDuration(checks: ChecksConfig): number {
  const worst = Math.max(0, ...checks.map((c) => c.timeout + 1_000 + (c.restart?.timeout ?? 0)));
  return Math.max(30_000, worst * 2);
}
