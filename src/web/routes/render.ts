import type { FastifyReply } from 'fastify';
import type { WebContext } from '../context.js';
import type { Known } from '../outage/last-known.js';
import { outageBanner } from '../outage/stale-answer.js';

export type Nav = 'overview' | 'reports' | 'archive' | 'alerts' | 'queues';

/**
 * Sends a console page; every page gets the nav state, the host's own id for the header, and the
 * outage banner while Redis is unreachable (with the age of `known`, the data it was built from).
 */
export function sendPage(
  ctx: WebContext,
  reply: FastifyReply,
  page: string,
  model: Record<string, unknown> & { title: string; nav?: Nav },
  known?: Known<unknown>,
) {
  const outage = outageBanner({ live: ctx.live, known, timezone: ctx.timezone });
  if (outage) reply.header('cache-control', 'no-store');
  const html = ctx.view.page(page, { ...model, thisHost: ctx.deps.config.hostId, outage });
  return reply.type('text/html; charset=utf-8').send(html);
}
