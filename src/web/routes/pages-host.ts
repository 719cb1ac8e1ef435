import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { buildHostPage } from '../model/host-page.js';
import { RANGE_KEYS, type RangeKey } from '../model/ranges.js';
import { sendPage } from './render.js';

const ZParams = z.object({ id: z.string().min(1).max(200) });
const ZQuery = z.object({ range: z.enum(RANGE_KEYS as [RangeKey, ...RangeKey[]]).optional() });

/** One host over a chosen window: charts with the forecast ahead, disks, checks, restarts, processes. */
export function hostPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/hosts/:id', async (request, reply) => {
    const { id } = parseInput(ZParams, request.params, 'params');
    const { range } = parseInput(ZQuery, request.query, 'query');
    const known = await ctx.live.read(`host:${id}:${range ?? 'auto'}`, async () => {
      const model = await buildHostPage(ctx, { host: id, range: range ?? '24h' });
      // A host that started minutes ago would show a dot on a day-wide chart: open it on the hour.
      return !range && model && model.sparse ? buildHostPage(ctx, { host: id, range: '1h' }) : model;
    });
    const model = known.value;
    if (!model) throw notFound(`host "${id}"`);
    return sendPage(ctx, reply, 'host', { title: id, nav: 'overview', ...model }, known);
  });
}
