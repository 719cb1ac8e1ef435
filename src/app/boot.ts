import { readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/load-config.js';
import { startEmbeddedRedis, hasRedisServer, type EmbeddedRedis } from '../queue/embedded-redis.js';
import { describeTarget, pingRedis, redactUrl, redisTarget } from '../queue/redis-connection.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { closeOnce } from '../shared/close-once.js';
import { createRuntime, type AppRuntime } from './create-deps.js';
import { migrateKeyLayout } from './key-layout-migration.js';

export type Booted = { runtime: AppRuntime; embedded: EmbeddedRedis | null; close(): Promise<void> };

/**
 * Finds Redis and wires the runtime. Order: the configured URL; else a private redis-server that
 * `checkup start` left running for this data dir; else, when `startEmbedded`, a new private one;
 * else, when `waitForRedis` (the agent, which spools meanwhile), the configured URL as it is.
 * With `redis.sentinel` or `redis.cluster` there is no private fallback: the sentinels or the
 * Cluster's nodes answer, or the caller waits.
 */
export async function boot(opts: BootOpts): Promise<Booted> {
  const booted = await connect(opts);
  // The agent reads no alert or report keys, and may start before Redis answers.
  if (opts.waitForRedis) return booted;
  try {
    await migrateKeyLayout({ redis: booted.runtime.connection, prefix: opts.config.redis.prefix, log: opts.log });
  } catch (err) {
    await booted.close();
    throw err;
  }
  return booted;
}

type BootOpts = { config: AppConfig; log: Logger; startEmbedded: boolean; waitForRedis?: boolean };

async function connect(opts: BootOpts): Promise<Booted> {
  const { config, log } = opts;
  const target = redisTarget(config.redis);
  if (target.kind !== 'standalone') {
    if (!(await pingRedis(target))) {
      const check =
        target.kind === 'sentinel'
          ? 'check the sentinels and redis.sentinel.name'
          : 'check redis.cluster.nodes (and natMap, when the nodes announce other addresses)';
      if (!opts.waitForRedis) throw new AppError('REDIS_UNAVAILABLE', `Redis is not answering through ${describeTarget(target)}: ${check}.`);
      log.warn({ url: describeTarget(target) }, 'Redis is not answering yet: starting anyway, connecting in the background');
    }
    const runtime = createRuntime({ config, log });
    return { runtime, embedded: null, close: closeOnce(() => [['runtime', () => runtime.close()]], log) };
  }
  const urlFile = join(config.paths.redis, 'url');
  let url = config.redis.url;
  let embedded: EmbeddedRedis | null = null;
  if (!(await pingRedis(url))) {
    const privateUrl = readText(urlFile);
    if (privateUrl && (await pingRedis(privateUrl))) {
      url = privateUrl;
    } else if (opts.startEmbedded && config.redis.embedded && hasRedisServer()) {
      log.warn({ url: redactUrl(url) }, 'Redis is not answering; starting a private redis-server in the data dir');
      embedded = await startEmbeddedRedis({ dir: config.paths.redis, logger: log });
      url = embedded.url;
      mkdirSync(config.paths.redis, { recursive: true });
      writeFileSync(urlFile, url);
    } else if (opts.waitForRedis) {
      // The connections keep retrying; the caller works without Redis until they succeed.
      log.warn({ url: redactUrl(url) }, 'Redis is not answering yet: starting anyway, connecting in the background');
    } else {
      const fix = hasRedisServer()
        ? 'start it (redis-server) or run `checkup start`, which starts a private one'
        : 'install it (apt-get install redis-server) or point REDIS_URL at one';
      throw new AppError('REDIS_UNAVAILABLE', `Redis is not answering at ${redactUrl(url)}: ${fix}.`);
    }
  }
  const runtime = createRuntime({ config, log, redisUrl: url });
  return {
    runtime,
    embedded,
    // The private Redis stops even when the runtime's close failed: otherwise it outlives us.
    close: closeOnce(
      () => [
        ['runtime', () => runtime.close()],
        [
          'private redis-server',
          async () => {
            if (!embedded) return;
            await embedded.stop();
            rmSync(urlFile, { force: true });
          },
        ],
      ],
      log,
    ),
  };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
