import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { consoleQueue, consoleQueueNames } from '../queues.js';

export const QUEUES_PATH = '/admin/queues';
const RESYNC_MS = 10_000;

/**
 * Bull Board, read-only: the console may look at jobs but never retry, remove or add one, so the
 * API's only write stays "enqueue a report". New hosts' collect queues appear within seconds.
 */
export async function bullBoardRoutes(app: FastifyInstance, ctx: WebContext): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  const adapter = (name: string) => new BullMQAdapter(consoleQueue(ctx.queues, name, ctx.deps.log), { readOnlyMode: true, allowRetries: false });
  // Hosts are read on the first visit, not at start: the console must come up while Redis is down.
  let shown = consoleQueueNames([]);
  const board = createBullBoard({ queues: shown.map(adapter), serverAdapter, options: { uiConfig: { boardTitle: 'Checkup queues' } } });
  let syncedAt = 0;

  await app.register(async (scope) => {
    scope.addHook('onRequest', async () => {
      if (Date.now() - syncedAt < RESYNC_MS) return;
      syncedAt = Date.now();
      const wanted = consoleQueueNames(await ctx.deps.hosts.list());
      if (wanted.join('\n') === shown.join('\n')) return;
      board.replaceQueues(wanted.map(adapter));
      shown = wanted;
    });
    // Bull Board answers its own errors with the error's message; keep internals out of 5xx bodies.
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode < 500) return payload;
      reply.type('application/json; charset=utf-8');
      return JSON.stringify({ error: 'internal', message: 'internal error; the server log has the details' });
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUES_PATH });
  });
}
