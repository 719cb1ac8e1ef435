import type { AppRuntime } from '../app/create-deps.js';
import type { AlertReader } from '../alert/types.js';
import type { CheckStateReader } from '../checks/types.js';
import type { WebContext } from './context.js';
import type { Forecaster } from './model/forecast.js';
import { engineForecaster } from './model/forecast-engine.js';
import { assertSafeBind } from './security/bind.js';
import { createWebServer } from './server.js';
import { createViewEngine } from './view/view-engine.js';

/**
 * Serves the console and API on `web.bind:web.port`. Refuses (ConfigError) a non-loopback bind
 * without a token before opening any socket. Forecast bands come from the analyze engine unless a
 * caller passes another forecaster.
 */
export async function startWebRole(
  rt: AppRuntime,
  extras: { checks?: CheckStateReader; alerts?: AlertReader; forecast?: Forecaster } = {},
): Promise<{ close(): Promise<void>; url: string }> {
  const { deps } = rt;
  const web = deps.config.web;
  assertSafeBind(web);
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const ctx: WebContext = {
    deps,
    queues: rt.queues,
    view: createViewEngine({ timezone, strings: deps.templates.strings('en') }),
    timezone,
    forecast: extras.forecast ?? engineForecaster,
    ...(extras.checks ? { checks: extras.checks } : {}),
    ...(extras.alerts ? { alerts: extras.alerts } : {}),
  };
  const app = await createWebServer(ctx);
  await app.listen({ host: web.bind, port: web.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : web.port;
  const host = web.bind.includes(':') ? `[${web.bind}]` : web.bind;
  const url = `http://${host}:${port}`;
  deps.log.info({ url, auth: web.token ? 'token' : 'none (loopback only)' }, 'web console started');
  return {
    url,
    close: () => app.close(),
  };
}
