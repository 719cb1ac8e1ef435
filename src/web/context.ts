import type { AppDeps } from '../app/deps.js';
import type { QueueSet } from '../app/enqueue.js';
import type { SilenceStore } from '../alert/silences.js';
import type { AlertReader } from '../alert/types.js';
import type { CheckStateReader } from '../checks/types.js';
import type { Forecaster } from './model/forecast.js';
import type { LastKnown } from './outage/last-known.js';
import type { ViewEngine } from './view/view-engine.js';

/** Everything a route needs: the app's adapters plus the optional read sides of other stages. */
export type WebContext = {
  deps: AppDeps;
  queues: QueueSet;
  checks?: CheckStateReader;
  alerts?: AlertReader;
  /** Silences are written by the API and the console form (they need only Redis). */
  silences: SilenceStore;
  /** Present once the forecasting engine is wired in; without it no band is drawn. */
  forecast?: Forecaster;
  view: ViewEngine;
  /** Redis reads go through this: the last value, marked stale, while Redis is unreachable. */
  live: LastKnown;
  /** The zone the console shows times in. */
  timezone: string;
};

/** Optional read sides a caller can hand to the web role. */
export type WebExtras = { checks?: CheckStateReader; alerts?: AlertReader; forecast?: Forecaster };
