import type { FastifyReply } from 'fastify';
import type { WebContext } from '../context.js';

export type Nav = 'overview' | 'reports' | 'archive' | 'alerts' | 'queues';

/** Sends a console page; every page gets the nav state and the host's own id for the header. */
export function sendPage(ctx: WebContext, reply: FastifyReply, page: string, model: Record<string, unknown> & { title: string; nav?: Nav }) {
  const html = ctx.view.page(page, { ...model, thisHost: ctx.deps.config.hostId });
  return reply.type('text/html; charset=utf-8').send(html);
}
