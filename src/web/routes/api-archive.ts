import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { parseInput } from '../http/validate.js';
import { sendArchiveFile, ZArchiveParams } from '../reports/archive-download.js';

/** Archive entries and their files, only ever by manifest id. */
export function archiveApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/archive', async () => {
    const entries = (await ctx.deps.archive.list()).filter((e) => e.kind === 'report').reverse();
    return {
      entries: entries.map((e) => ({
        id: e.id,
        seq: e.seq,
        reportId: e.reportId ?? null,
        name: e.name ?? null,
        period: e.period ?? null,
        hosts: e.hosts ?? [],
        createdAt: e.createdAt,
        hash: e.hash,
        files: Object.fromEntries(Object.entries(e.files ?? {}).map(([k, f]) => [k, { sha256: f.sha256, bytes: f.bytes, href: `/api/archive/${e.id}/${k}` }])),
      })),
    };
  });

  app.get('/archive/verify', async () => ctx.deps.archive.verify({ offline: ctx.live.unreachableSince() !== null }));

  app.get('/archive/:id/:kind', async (request, reply) => {
    const { id, kind } = parseInput(ZArchiveParams, request.params, 'params');
    return sendArchiveFile(ctx, reply, { id, kind });
  });
}
