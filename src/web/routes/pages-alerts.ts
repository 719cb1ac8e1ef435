import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatMatcher } from '../../alert/silence-matchers.js';
import { silenceInputSchema } from '../../alert/silence-input.js';
import { silenceViews } from '../../alert/silence-history.js';
import type { WebContext } from '../context.js';
import { badRequest, notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { safeRead } from '../model/safe-read.js';
import { basicUser } from '../security/auth.js';
import type { Csrf } from '../security/csrf.js';
import { ZSilenceId } from './api-silences.js';
import { sendPage } from './render.js';

const WEEK = 7 * 86_400_000;
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

/** The form posts strings: one matcher per line, a duration, a comment, a name. */
function formToInput(body: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  return {
    matchers: String(body.matchers ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    duration: text(body.duration),
    comment: text(body.comment) ?? '',
    ...(text(body.createdBy) ? { createdBy: text(body.createdBy) } : {}),
  };
}

const author = (request: FastifyRequest) => basicUser(request.headers.authorization) ?? undefined;

/**
 * Firing and pending alerts, the last week's resolved ones, and silences, when alerting is wired;
 * the form to silence (pre-filled from an alert's "silence" link) and to expire a silence.
 */
export function alertPages(app: FastifyInstance, ctx: WebContext, csrf: Csrf): void {
  app.get('/alerts', async (request, reply) => {
    if (!ctx.alerts) return sendPage(ctx, reply, 'alerts', { title: 'Alerts', nav: 'alerts', configured: false });
    const reader = ctx.alerts;
    const now = Date.now();
    const query = request.query as Record<string, unknown>;
    // During a Redis outage the page answers from the last reads (with a banner), like the others.
    const known = await ctx.live.read('alerts-page', () =>
      Promise.all([
        safeRead(ctx.deps.log, 'alerts', () => reader.active(), []),
        safeRead(ctx.deps.log, 'alert history', () => reader.history({ from: now - WEEK, to: now }), []),
        safeRead(
          ctx.deps.log,
          'silences',
          () => silenceViews({ reader: { silences: () => ctx.silences.list(now), notifications: (q) => reader.notifications(q) }, now }),
          [],
        ),
      ]),
    );
    const [active, history, silences] = known.value;
    return sendPage(
      ctx,
      reply,
      'alerts',
      {
        title: 'Alerts',
        nav: 'alerts',
        configured: true,
        csrf: csrf.tokenFor(request, reply),
        failed: active.failed || history.failed || silences.failed,
        firing: active.value.filter((a) => a.status === 'firing'),
        pending: active.value.filter((a) => a.status === 'pending'),
        resolved: history.value.filter((a) => a.status === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0)),
        silences: silences.value.map((s) => ({ ...s, matcherText: s.matchers.map(formatMatcher), live: s.state !== 'expired' })),
        created: typeof query.silenced === 'string' ? query.silenced : null,
        prefill: list(query.match).slice(0, 20).join('\n'),
        author: author(request) ?? '',
      },
      known,
    );
  });

  app.post('/alerts/silences', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    csrf.verify(request, body._csrf);
    const now = Date.now();
    const by = author(request);
    const input = parseInput(silenceInputSchema({ now, ...(by ? { author: by } : {}) }), formToInput(body), 'body');
    const silence = await ctx.silences.add(input, now);
    request.log.info({ silence: silence.id, by: silence.createdBy, via: 'console' }, 'silence created');
    return reply.redirect(`/alerts?silenced=${encodeURIComponent(silence.id)}#silences`, 303);
  });

  app.post('/alerts/silences/:id/expire', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    csrf.verify(request, body._csrf);
    const { id } = parseInput(ZSilenceId, request.params, 'params');
    const given = typeof body.by === 'string' ? body.by.trim() : '';
    const by = given || author(request);
    if (!by || by.length > 100 || /\p{Cc}/u.test(by)) throw badRequest('by', 'say who expires the silence (your name, up to 100 characters)');
    const out = await ctx.silences.expire(id, { by });
    if (!out) throw notFound(`silence "${id}"`);
    request.log.info({ silence: id, by, via: 'console' }, 'silence expired');
    return reply.redirect('/alerts#silences', 303);
  });
}
