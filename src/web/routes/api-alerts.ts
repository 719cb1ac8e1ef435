import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';

/** Alert state when alerting is wired; otherwise says so rather than pretending all is quiet. */
export function alertApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/alerts', async () => {
    if (!ctx.alerts) return { configured: false, firing: [], pending: [], silences: [] };
    const [active, silences] = await Promise.all([ctx.alerts.active(), ctx.alerts.silences()]);
    return { configured: true, firing: active.filter((a) => a.status === 'firing'), pending: active.filter((a) => a.status === 'pending'), silences };
  });
}
