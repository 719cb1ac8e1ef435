import type { AppRuntime } from '../app/create-deps.js';
import type { WebContext, WebExtras } from './context.js';
import { engineForecaster } from './model/forecast-engine.js';
import { PROBE_TIMEOUT_MS, createLastKnown } from './outage/last-known.js';
import { pingWithin, watchRedis } from './outage/redis-watch.js';
import { assertSafeBind } from './security/bind.js';
import { createWebServer } from './server.js';
import { createViewEngine } from './view/view-engine.js';

/** The readers the console shows, or none where the config has no checks or alert rules. */
export function configuredExtras(rt: AppRuntime): WebExtras {
  const { config, checkState, alertReader } = rt.deps;
  return {
    ...(config.checks.length > 0 ? { checks: checkState } : {}),
    ...(config.alerts.rules.length > 0 || Object.keys(config.alerts.channels).length > 0 ? { alerts: alertReader } : {}),
  };
}

/** The console's context from a runtime: forecast bands from the analyze engine unless overridden. */
export function buildWebContext(rt: AppRuntime, extras: WebExtras = {}): WebContext {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return {
    deps: rt.deps,
    queues: rt.queues,
    view: createViewEngine({ timezone, strings: rt.deps.templates.strings('en') }),
    timezone,
    silences: rt.deps.silences,
    forecast: extras.forecast ?? engineForecaster,
    live: createLastKnown({ watch: watchRedis(rt.connection), probe: () => pingWithin(rt.connection, PROBE_TIMEOUT_MS) }),
    ...(extras.checks ? { checks: extras.checks } : {}),
    ...(extras.alerts ? { alerts: extras.alerts } : {}),
  };
}

/**
 * Serves the console and API on `web.bind:web.port`. Refuses (ConfigError) a non-loopback bind
 * without a token before opening any socket.
 */
export async function startWebRole(rt: AppRuntime, extras: WebExtras = {}): Promise<{ close(): Promise<void>; url: string }> {
  const web = rt.deps.config.web;
  assertSafeBind(web);
  const app = await createWebServer(buildWebContext(rt, extras));
  await app.listen({ host: web.bind, port: web.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : web.port;
  const url = `http://${web.bind.includes(':') ? `[${web.bind}]` : web.bind}:${port}`;
  rt.deps.log.info({ url, auth: web.token ? 'token' : 'none (loopback only)' }, 'web console started');
  return { url, close: () => app.close() };
}
