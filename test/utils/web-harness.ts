import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { WebExtras } from '../../src/web/context.js';
import { startWebRole } from '../../src/web/web-role.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from './redis.js';
import { testConfig } from './test-config.js';

export type TestWeb = { url: string; rt: AppRuntime; prefix: string; close(): Promise<void> };

/**
 * A real runtime on its own Redis prefix and data dir, with the console on a free loopback port.
 * `extras` gets the runtime, so readers share its Redis client.
 */
export async function startTestWeb(
  opts: { raw?: Record<string, unknown>; env?: Record<string, string>; extras?: (rt: AppRuntime) => WebExtras; redisUrl?: string } = {},
): Promise<TestWeb> {
  const prefix = testPrefix();
  const raw = { ...opts.raw, web: { port: 0, ...((opts.raw?.web as object) ?? {}) } };
  const config = testConfig({ prefix, raw, env: opts.env });
  const rt = createRuntime({ config, log: silentLogger(), redisUrl: opts.redisUrl ?? TEST_REDIS_URL });
  try {
    const web = await startWebRole(rt, opts.extras?.(rt) ?? {});
    return {
      url: web.url,
      rt,
      prefix,
      async close() {
        await web.close();
        await rt.close();
        await cleanupPrefix(prefix);
      },
    };
  } catch (err) {
    await rt.close();
    throw err;
  }
}

export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return getJson(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
}
