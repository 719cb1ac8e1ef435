import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { notFound } from '../http/http-error.js';
import { ARCHIVED_HTML_CSP } from '../security/headers.js';

const TYPES: Record<string, string> = { pdf: 'application/pdf', html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8' };

/** Only these kinds; anything else is simply not in the archive. */
export const ZArchiveParams = z.object({ id: z.string().max(200), kind: z.string().max(200) });

/**
 * Sends one archived file. The id is looked up in the manifest and the file read by the hash the
 * manifest names, so no part of the URL ever becomes a path: `../` is just an unknown id.
 */
export async function sendArchiveFile(ctx: WebContext, reply: FastifyReply, opts: { id: string; kind: string; inline?: boolean }) {
  const type = TYPES[opts.kind];
  const entry = type ? await ctx.deps.archive.get(opts.id) : null;
  const bytes = entry ? await ctx.deps.archive.readFile(entry, opts.kind) : null;
  if (!entry || !type || !bytes) throw notFound(`archive file ${opts.kind} of ${opts.id}`);
  const base = `${entry.name ?? 'report'}-${entry.reportId ?? entry.id}`.replace(/[^A-Za-z0-9._-]/g, '_');
  // Archived HTML is a document of its own: sandboxed, so it can never act as the console.
  if (opts.kind === 'html') reply.header('content-security-policy', ARCHIVED_HTML_CSP);
  return reply
    .type(type)
    .header('content-disposition', `${opts.inline ? 'inline' : 'attachment'}; filename="${base}.${opts.kind}"`)
    .header('cache-control', 'private, max-age=3600')
    .send(bytes);
}
