import type { AppConfig } from '../config/load-config.js';
import { createArchive, openArchiveStorage } from '../archive/index.js';
import { deliveryWitnesses } from '../deliver/delivery-ledger.js';
import type { Mailer } from '../deliver/mailer.js';
import type { PdfRenderer } from '../report/pdf/pdf-renderer.js';
import type { TemplateEngine } from '../report/templates/template-engine.js';
import { createTemplateEngine } from '../report/templates/template-engine.js';
import { createOutageReporter, type OutageReporter } from '../queue/outage-reporter.js';
import { createRedis, redisTarget, type RedisClient, type RedisTarget } from '../queue/redis-connection.js';
import type { Logger } from '../shared/logger.js';
import type { AppDeps } from './deps.js';
import { createRepositories } from './repositories.js';
import { createCheckStateReader } from '../checks/index.js';
import { createAlertReader } from '../alert/index.js';
import type { Forecaster } from '../analyze/forecast-pool.js';
import { createEnqueue, createQueueSet, withTimeout, type QueueSet } from './enqueue.js';
import { noCheckpoint, type Checkpoint } from '../shared/checkpoint.js';
import { closeOnce } from '../shared/close-once.js';

export type AppRuntime = {
  deps: AppDeps;
  queues: QueueSet;
  connection: RedisClient;
  /** Where every client of this process connects (a standalone URL, the sentinels, or a Cluster's nodes). */
  target: RedisTarget;
  /** Where every Redis client, queue and worker of this process reports its errors (throttled in an outage). */
  outage: OutageReporter;
  close(): Promise<void>;
};

/**
 * Wires one adapter per outside system. Chromium starts on the first render only, so agents and
 * the CLI never pay for it; forecast threads likewise start with the first report.
 * `close` releases in reverse order of need: browser, forecast threads, mail, queues, Redis.
 */
/** `redisUrl` (a private or test server) overrides the config's target. */
export function createRuntime(opts: { config: AppConfig; log: Logger; redisUrl?: string; checkpoint?: Checkpoint }): AppRuntime {
  const { config, log } = opts;
  const checkpoint = opts.checkpoint ?? noCheckpoint;
  const prefix = config.redis.prefix;
  const target: RedisTarget = opts.redisUrl ? { kind: 'standalone', url: opts.redisUrl } : redisTarget(config.redis);
  const redis = createRedis(target, { name: 'checkup' });
  const outage = createOutageReporter({ log });
  redis.on('error', (err) => outage.error('redis', err));
  redis.on('ready', () => outage.recovered());
  const queues = createQueueSet({ connection: redis, prefix, onError: (err, queue) => outage.error(`queue ${queue}`, err) });
  const repos = createRepositories({ redis, config, log });
  // The directory, or S3 shared by every worker (its chain's single writer a lease in this Redis).
  const archiveStore = openArchiveStorage({ config, leases: repos.leases });
  let renderer: Promise<PdfRenderer> | null = null;
  // Mail and browser code load on first use, so an agent process never carries them.
  let mailerImpl: Promise<Mailer> | null = null;
  const loadMailer = () =>
    (mailerImpl ??= import('../deliver/mailer.js').then((m) => m.createMailer({ smtpUrl: config.mail.smtpUrl, outboxDir: config.paths.outbox, log })));
  const mailer: Mailer = {
    send: async (msg) => (await loadMailer()).send(msg),
    encodedSize: async (msg) => (await loadMailer()).encodedSize(msg),
    close: () => void mailerImpl?.then((m) => m.close()),
  };
  // The engine loads with the first report, like mail and browser code.
  let pool: Promise<Forecaster> | null = null;
  const threads = config.render.forecastThreads;
  const forecaster: Forecaster = {
    forecast: async (input) =>
      (await (pool ??= import('../analyze/forecast-pool.js').then((m) => m.createForecastPool(threads === undefined ? {} : { threads })))).forecast(input),
    close: async () => (await pool)?.close(),
  };
  let templates: TemplateEngine | null = null;
  const lazyTemplates: TemplateEngine = {
    render: (...a) => (templates ??= createTemplateEngine({ userDir: config.paths.templates })).render(...a),
    strings: (l) => (templates ??= createTemplateEngine({ userDir: config.paths.templates })).strings(l),
    css: () => (templates ??= createTemplateEngine({ userDir: config.paths.templates })).css(),
  };
  const deps: AppDeps = {
    config,
    log,
    ...repos,
    // The chain is anchored in Redis and witnessed by the delivery ledger: whoever can write to
    // the archive directory alone cannot cut its tail unseen.
    archive: createArchive(archiveStore.storage, {
      checkpoint,
      anchor: repos.chainAnchor,
      witnesses: () => deliveryWitnesses(repos.deliveryLedger),
    }),
    mailer,
    templates: lazyTemplates,
    renderer: () =>
      (renderer ??= import('../report/pdf/pdf-renderer.js').then((m) =>
        m.createPdfRenderer({
          executablePath: config.render.executablePath,
          protocolTimeout: config.render.protocolTimeout,
          restartAfter: config.render.restartAfter,
          log,
          checkpoint,
          runDir: config.paths.run,
        }),
      )),
    forecaster,
    enqueue: createEnqueue(queues),
    checkState: createCheckStateReader({ store: repos.checkStore, checks: config.checks, maintenance: config.alerts.maintenance }),
    alertReader: createAlertReader({ store: repos.alertStore, silences: repos.silences }),
    checkpoint,
  };
  return {
    deps,
    queues,
    connection: redis,
    target,
    outage,
    close: closeOnce(
      () => [
        ['outage reporter', () => outage.close()],
        ['browser', async () => (await renderer)?.close()],
        ['forecast threads', () => forecaster.close()],
        ['mailer', () => mailer.close()],
        ['queues', () => queues.close()],
        ['archive store', () => archiveStore.close()],
        [
          'redis',
          async () => {
            await withTimeout(redis.quit(), 2_000);
            redis.disconnect();
          },
        ],
      ],
      log,
    ),
  };
}
