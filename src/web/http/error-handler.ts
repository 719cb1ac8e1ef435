import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ViewEngine } from '../view/view-engine.js';
import { HttpError } from './http-error.js';

type ErrorBody = { error: string; message: string; field?: string };

/** API clients and probes get JSON; a person in a browser gets a page. */
export function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path === '/metrics' || path === '/healthz' || path === '/readyz') return true;
  return !(request.headers.accept ?? '').includes('text/html');
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody, view: ViewEngine) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send(body);
  return reply.type('text/html; charset=utf-8').send(view.page('error', { title: `${status}`, status, message: body.message }));
}

/**
 * One place turns every failure into a response. Expected errors say what was wrong; anything else
 * is logged with its stack and the client only learns that it failed, never how.
 */
export function installErrorHandlers(app: FastifyInstance, view: ViewEngine): void {
  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return sendError(request, reply, err.status, { error: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) }, view);
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, wrong media type, body too large) name no internals.
      const message =
        status === 400 && err instanceof SyntaxError ? 'body: not valid JSON' : status === 415 ? unsupportedType(request) : String(err.message).slice(0, 200);
      return sendError(request, reply, status, { error: codeFor(status), message, ...(status === 400 ? { field: 'body' } : {}) }, view);
    }
    request.log.error({ err }, 'request failed');
    return sendError(request, reply, 500, { error: 'internal', message: 'internal error; the server log has the details' }, view);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, { error: 'not_found', message: `${request.method} ${request.url.split('?')[0]} not found` }, view),
  );
}

/** Names what was sent and what is taken, so a client can fix its request. */
function unsupportedType(request: FastifyRequest): string {
  const sent = request.headers['content-type'];
  const wanted = (request.url.split('?')[0] ?? '').startsWith('/api/') ? 'application/json' : 'application/x-www-form-urlencoded (a form) or application/json';
  return `body: content-type ${sent ? `"${String(sent).slice(0, 100)}"` : 'missing'} is not accepted here; send ${wanted}`;
}

function codeFor(status: number): string {
  return (
    (
      {
        400: 'bad_request',
        401: 'unauthorized',
        403: 'forbidden',
        404: 'not_found',
        405: 'method_not_allowed',
        409: 'conflict',
        413: 'too_large',
        415: 'unsupported_media_type',
      } as Record<number, string>
    )[status] ?? 'client_error'
  );
}
