import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { enqueueAdhocReport, ZAdhocInput } from '../reports/adhoc.js';
import { reportView } from '../reports/report-view.js';
import { freshness } from '../outage/stale-answer.js';

const ZParams = z.object({ id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'not a report id') });
const ZList = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Queue ad-hoc reports and follow them. The API can enqueue reports and nothing else. */
export function reportApi(app: FastifyInstance, ctx: WebContext): void {
  app.post('/reports', async (request, reply) => {
    const input = parseInput(ZAdhocInput, request.body, 'body');
    const id = await enqueueAdhocReport(ctx.deps, input);
    const self = `/api/reports/${encodeURIComponent(id)}`;
    return reply
      .code(202)
      .header('location', self)
      .send({ id, status: 'queued', links: { self, page: `/reports/${encodeURIComponent(id)}` } });
  });

  app.get('/reports', async (request, reply) => {
    const { limit } = parseInput(ZList, request.query, 'query');
    const known = await ctx.live.read(`reports:${limit}`, async () =>
      Promise.all((await ctx.deps.reports.list({ limit })).map((r) => reportView(ctx.deps.reports, r))),
    );
    return { ...freshness(reply, known), reports: known.value };
  });

  app.get('/reports/:id', async (request, reply) => {
    const { id } = parseInput(ZParams, request.params, 'params');
    const known = await ctx.live.read(`report:${id}`, async () => {
      const record = await ctx.deps.reports.get(id);
      return record ? reportView(ctx.deps.reports, record) : null;
    });
    if (!known.value) throw notFound(`report "${id}"`);
    return { ...known.value, ...freshness(reply, known) };
  });
}
