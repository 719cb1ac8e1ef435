import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { freshness } from '../outage/stale-answer.js';

/** Alert state when alerting is wired; otherwise says so rather than pretending all is quiet. */
export function alertApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/alerts', async (_request, reply) => {
    if (!ctx.alerts) return { configured: false, firing: [], pending: [], silences: [] };
    const reader = ctx.alerts;
    const known = await ctx.live.read('alerts', () => Promise.all([reader.active(), reader.silences()]));
    const [active, silences] = known.value;
    return {
      configured: true,
      ...freshness(reply, known),
      firing: active.filter((a) => a.status === 'firing'),
      pending: active.filter((a) => a.status === 'pending'),
      silences,
    };
  });
}
