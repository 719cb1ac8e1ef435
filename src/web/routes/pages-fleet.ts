import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { buildFleet } from '../model/fleet.js';
import { sendPage } from './render.js';

/** The fleet overview: every host's health and latest figures, failing checks and firing alerts. */
export function fleetPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (_request, reply) => {
    const fleet = await ctx.live.read('fleet', () => buildFleet(ctx));
    return sendPage(ctx, reply, 'fleet', { title: 'Overview', nav: 'overview', ...fleet.value }, fleet);
  });
}
