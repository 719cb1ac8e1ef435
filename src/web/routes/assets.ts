import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';

const ZParams = z.object({ name: z.string().regex(/^[a-z0-9-]+\.js$/, 'not an asset name') });

/** The stylesheet and the one small script, same-origin so the CSP can forbid everything inline. */
export function assetRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/assets/console.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(ctx.view.css()),
  );
  app.get('/assets/:name', async (request, reply) => {
    const { name } = parseInput(ZParams, request.params, 'params');
    const body = ctx.view.asset(name);
    if (body === null) throw notFound(`asset ${name}`);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  });
}
