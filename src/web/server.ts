import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { WebContext } from './context.js';
import { installErrorHandlers, sendError } from './http/error-handler.js';
import { consoleQueue, consoleQueueNames } from './queues.js';
import { addFormParser } from './http/form-body.js';
import { alertApi } from './routes/api-alerts.js';
import { silenceApi } from './routes/api-silences.js';
import { archiveApi } from './routes/api-archive.js';
import { docsApi } from './routes/api-docs.js';
import { hostApi } from './routes/api-hosts.js';
import { reportApi } from './routes/api-reports.js';
import { assetRoutes } from './routes/assets.js';
import { QUEUES_PATH, bullBoardRoutes } from './routes/bull-board.js';
import { refuseWhileDown } from './outage/refuse-while-down.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { alertPages } from './routes/pages-alerts.js';
import { archivePages } from './routes/pages-archive.js';
import { fleetPages } from './routes/pages-fleet.js';
import { hostPages } from './routes/pages-host.js';
import { reportPages } from './routes/pages-reports.js';
import { installAuth } from './security/auth.js';
import { createCsrf, installOriginCheck } from './security/csrf.js';
import { installSecurityHeaders } from './security/headers.js';

/**
 * The console and API on one Fastify instance. Order matters: errors and headers first so every
 * answer (including a 401) carries them, then access control, then the routes.
 */
export async function createWebServer(ctx: WebContext): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics; it is the same pino.
    loggerInstance: ctx.deps.log.child({ role: 'web' }) as FastifyBaseLogger,
    // A request line per page view would drown the workers' logs; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    // Ids are at most 200 characters; longer path segments still reach the route and its 400.
    routerOptions: { maxParamLength: 500 },
    // A malformed URL or an overlong segment: our error body and a 400, not Fastify's own 400/414.
    frameworkErrors: (err, request, reply) => {
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'path: a path segment is longer than 500 characters' : 'path: not a valid URL (bad percent-encoding?)';
      return sendError(request, reply, 400, { error: 'bad_request', message, field: 'path' }, ctx.view);
    },
  });
  // The API enqueues through these: guard them before the first request can open one unguarded.
  for (const name of consoleQueueNames([])) consoleQueue(ctx.queues, name, ctx.deps.log);
  installErrorHandlers(app, ctx.view);
  // Fastify parses text/plain by default; nothing here takes it, so such a body is a 415, as the
  // OpenAPI says, rather than a string that fails validation as a 400.
  app.removeContentTypeParser('text/plain');
  installSecurityHeaders(app);
  installAuth(app, { token: ctx.deps.config.web.token });
  installOriginCheck(app);
  refuseWhileDown(app, { live: ctx.live, paths: [QUEUES_PATH] });

  healthRoutes(app, ctx);
  metricsRoutes(app, ctx);
  assetRoutes(app, ctx);
  const csrf = createCsrf();
  await app.register(async (pages) => {
    addFormParser(pages);
    fleetPages(pages, ctx);
    hostPages(pages, ctx);
    reportPages(pages, ctx, csrf);
    archivePages(pages, ctx);
    alertPages(pages, ctx, csrf);
  });
  await app.register(
    async (api) => {
      // The API speaks JSON only: a text/plain body is refused (415) like a form, not parsed as a string.
      api.removeContentTypeParser('text/plain');
      reportApi(api, ctx);
      hostApi(api, ctx);
      archiveApi(api, ctx);
      alertApi(api, ctx);
      silenceApi(api, ctx);
      docsApi(api);
    },
    { prefix: '/api' },
  );
  await bullBoardRoutes(app, ctx);
  return app;
}
