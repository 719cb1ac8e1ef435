import type { FastifyInstance } from 'fastify';
import { findChromium } from '../../report/pdf/find-chromium.js';
import type { WebContext } from '../context.js';

const PING_TIMEOUT_MS = 1_000;

/**
 * /healthz: the process answers. /readyz: Redis answers PING and a browser exists to render with.
 * The probe never launches Chromium: finding the executable is what a probe can afford.
 */
export function healthRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = { redis: await pingRedis(ctx), chromium: chromium(ctx) };
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}

async function pingRedis(ctx: WebContext): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // The app's client waits for a reconnect forever (maxRetriesPerRequest: null): bound the wait.
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${PING_TIMEOUT_MS} ms`), PING_TIMEOUT_MS);
    });
    const answer = await Promise.race([ctx.deps.health.ping(), timeout]);
    return answer === 'PONG' ? 'ok' : String(answer);
  } catch (err) {
    return `error: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

function chromium(ctx: WebContext): string {
  try {
    findChromium(ctx.deps.config.render.executablePath);
    return 'ok';
  } catch {
    return 'not found (install chromium or set PUPPETEER_EXECUTABLE_PATH)';
  }
}
