import type { FastifyInstance } from 'fastify';

/**
 * Parses urlencoded forms; a repeated field (checkboxes) becomes an array. Registered only in the
 * pages' scope, so the JSON API never accepts a form a foreign site could post.
 */
export function addFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(String(body))) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    done(null, out);
  });
}
