import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { WebContext } from '../context.js';
import { redisUnavailable } from '../outage/last-known.js';
import { createAppGauges } from '../metrics/app-gauges.js';
import { createHostGauges } from '../metrics/host-gauges.js';
import { MISSED_TICKS } from '../model/host-health.js';
import { consoleQueue, consoleQueueNames } from '../queues.js';

/**
 * Prometheus exposition from the console's own registry (never the global one, so nothing else in
 * the process leaks in). Values are read fresh on each scrape; scrapes do not overlap.
 */
export function metricsRoutes(app: FastifyInstance, ctx: WebContext): void {
  const registry = new Registry();
  const hosts = createHostGauges(registry);
  const own = createAppGauges(registry);
  let running: Promise<string> | null = null;
  const scrape = async (): Promise<string> => {
    const { deps } = ctx;
    const ids = await deps.hosts.list();
    const records = (await Promise.all(ids.map((id) => deps.hosts.get(id)))).filter((r) => r !== null);
    hosts.update(records, { now: Date.now(), staleAfterMs: Math.max(MISSED_TICKS * deps.config.agent.interval, 60_000) });
    const queues = consoleQueueNames(ids).map((n) => consoleQueue(ctx.queues, n, deps.log));
    const archiveEntries = (await deps.archive.list()).filter((e) => e.kind === 'report').length;
    await own.update({ queues, reports: deps.reports, archiveEntries });
    return registry.metrics();
  };
  app.get('/metrics', async (_request, reply) => {
    const known = await ctx.live.read('metrics', () => {
      running ??= scrape().finally(() => {
        running = null;
      });
      return running;
    });
    // Old gauges would read as current to Prometheus: say the target is unavailable instead.
    if (known.stale) throw redisUnavailable(known.unreachableSince);
    return reply.type(registry.contentType).send(known.value);
  });
}
