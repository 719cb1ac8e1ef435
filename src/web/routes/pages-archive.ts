import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { parseInput } from '../http/validate.js';
import { sendArchiveFile, ZArchiveParams } from '../reports/archive-download.js';
import { createVerifyCache } from '../reports/verify-cache.js';
import { sendPage } from './render.js';

const ZQuery = z.object({ inline: z.enum(['0', '1']).optional() });
const ZListQuery = z.object({ verify: z.enum(['0', '1']).optional() });

/** The tamper-evident archive: entries newest first, the chain's verification, downloads. */
export function archivePages(app: FastifyInstance, ctx: WebContext): void {
  const verifyCached = createVerifyCache(ctx.deps.archive);
  app.get('/archive', async (request, reply) => {
    const { verify: fresh } = parseInput(ZListQuery, request.query, 'query');
    const all = await ctx.deps.archive.list();
    // The manifest and files are on disk; only the anchor is in Redis, so an outage skips just that.
    const verify = await verifyCached({ fresh: fresh === '1', entries: all.length, offline: ctx.live.unreachableSince() !== null });
    const entries = all.filter((e) => e.kind === 'report').reverse();
    const bad = new Set(verify.problems.map((p) => p.id));
    return sendPage(ctx, reply, 'archive', {
      title: 'Archive',
      nav: 'archive',
      verify,
      entries: entries.map((e) => ({ ...e, files: Object.entries(e.files ?? {}).map(([kind, f]) => ({ kind, ...f })), tampered: bad.has(e.id) })),
    });
  });

  app.get('/archive/:id/:kind', async (request, reply) => {
    const { id, kind } = parseInput(ZArchiveParams, request.params, 'params');
    const { inline } = parseInput(ZQuery, request.query, 'query');
    return sendArchiveFile(ctx, reply, { id, kind, inline: inline === '1' });
  });
}
