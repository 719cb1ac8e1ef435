import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/http-error.js';
import type { LastKnown } from './last-known.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * With the connection down, a write (queue a report) and Bull Board would wait in ioredis's offline
 * queue until Redis is back: answer 503 with the reason at once instead.
 */
export function refuseWhileDown(app: FastifyInstance, opts: { live: LastKnown; paths: string[] }): void {
  app.addHook('onRequest', async (request) => {
    const since = opts.live.downSince();
    if (since === null) return;
    const path = request.url.split('?')[0] ?? '';
    if (!WRITES.has(request.method) && !opts.paths.some((p) => path === p || path.startsWith(`${p}/`))) return;
    throw new HttpError({
      status: 503,
      code: 'redis_unavailable',
      message: `Redis unreachable since ${new Date(since).toISOString()}: nothing can be queued or shown here until it is back`,
    });
  });
}
