import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { safeRead } from '../model/safe-read.js';
import { sendPage } from './render.js';

const WEEK = 7 * 86_400_000;

/** Firing and pending alerts, the last week's resolved ones, and silences, when alerting is wired. */
export function alertPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/alerts', async (_request, reply) => {
    if (!ctx.alerts) return sendPage(ctx, reply, 'alerts', { title: 'Alerts', nav: 'alerts', configured: false });
    const reader = ctx.alerts;
    const now = Date.now();
    const known = await ctx.live.read('alerts-page', () =>
      Promise.all([
        safeRead(ctx.deps.log, 'alerts', () => reader.active(), []),
        safeRead(ctx.deps.log, 'alert history', () => reader.history({ from: now - WEEK, to: now }), []),
        safeRead(ctx.deps.log, 'silences', () => reader.silences(), []),
      ]),
    );
    const [active, history, silences] = known.value;
    return sendPage(ctx, reply, 'alerts', {
      title: 'Alerts',
      nav: 'alerts',
      configured: true,
      failed: active.failed || history.failed || silences.failed,
      firing: active.value.filter((a) => a.status === 'firing'),
      pending: active.value.filter((a) => a.status === 'pending'),
      resolved: history.value.filter((a) => a.status === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0)),
      silences: silences.value.map((s) => ({ ...s, active: s.from <= now && now < s.to })),
    }, known);
  });
}
