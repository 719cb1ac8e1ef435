import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { silenceInputSchema } from '../../alert/silence-input.js';
import { silenceViews } from '../../alert/silence-history.js';
import { silenceState } from '../../alert/silences.js';
import type { WebContext } from '../context.js';
import { badRequest, HttpError, notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { freshness } from '../outage/stale-answer.js';
import { basicUser } from '../security/auth.js';

export const ZSilenceId = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'not a silence id') });
const ZList = z.object({ state: z.enum(['active', 'pending', 'expired', 'all']).default('all') });
const ZExpire = z.object({
  by: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters')
    .optional(),
});

/** Create, list and expire silences. Who: `createdBy` / `?by=`, else the Basic auth user name. */
export function silenceApi(app: FastifyInstance, ctx: WebContext): void {
  const views = (now: number) =>
    silenceViews({ reader: { silences: () => ctx.silences.list(now), notifications: (q) => ctx.deps.alertReader.notifications(q) }, now });

  // Reads answer from the last-known cache while Redis is away, like every other read.
  app.get('/silences', async (request, reply) => {
    const { state } = parseInput(ZList, request.query, 'query');
    const known = await ctx.live.read('silences', () => views(Date.now()));
    const all = known.value;
    return { ...freshness(reply, known), silences: state === 'all' ? all : all.filter((s) => s.state === state) };
  });

  app.post('/silences', async (request, reply) => {
    const now = Date.now();
    const author = basicUser(request.headers.authorization) ?? undefined;
    const input = parseInput(silenceInputSchema({ now, ...(author ? { author } : {}) }), request.body, 'body');
    const silence = await ctx.silences.add(input, now);
    request.log.info({ silence: silence.id, by: silence.createdBy, matchers: silence.matchers, to: new Date(silence.to).toISOString() }, 'silence created');
    const self = `/api/silences/${silence.id}`;
    return reply
      .code(201)
      .header('location', self)
      .send({ silence: { ...silence, state: silenceState(silence, now), muted: [] } });
  });

  app.get('/silences/:id', async (request, reply) => {
    const { id } = parseInput(ZSilenceId, request.params, 'params');
    const known = await ctx.live.read('silences', () => views(Date.now()));
    const found = known.value.find((s) => s.id === id);
    if (!found) throw notFound(`silence "${id}"`);
    return { ...found, ...freshness(reply, known) };
  });

  app.delete('/silences/:id', async (request) => {
    const { id } = parseInput(ZSilenceId, request.params, 'params');
    const by = parseInput(ZExpire, request.query, 'query').by ?? basicUser(request.headers.authorization);
    if (!by) throw badRequest('query.by', 'say who expires the silence (?by=<name>, or a Basic auth user name)');
    const out = await ctx.silences.expire(id, { by });
    if (!out) throw notFound(`silence "${id}"`);
    if (out.already)
      throw new HttpError({ status: 409, code: 'conflict', message: `silence "${id}" already ended at ${new Date(out.silence.to).toISOString()}` });
    request.log.info({ silence: id, by }, 'silence expired');
    return { silence: { ...out.silence, state: 'expired' } };
  });
}
