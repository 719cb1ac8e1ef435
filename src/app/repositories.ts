import type { RedisClient } from '../redis/client.js';
import { createAlertStore, createNotificationLedger, type AlertStore, type NotificationLedger } from '../alert/alert-store.js';
import { createSilenceStore, type SilenceStore } from '../alert/silences.js';
import { createAlertSnapshots, type AlertSnapshots } from '../alert/state-snapshot.js';
import { createRedisAnchor } from '../archive/index.js';
import type { ChainAnchor } from '../archive/chain-anchor.js';
import { createCheckStore, type CheckStore } from '../checks/check-store.js';
import { createDeliveryLedger, type DeliveryLedger } from '../deliver/delivery-ledger.js';
import { createHostRepo, type HostRepo } from '../fleet/host-repo.js';
import { createRedisLeases } from '../redis/lease.js';
import type { Leases } from '../redis/lease-types.js';
import { createFitCacheStore, type FitCacheStore } from '../report/fit-cache-store.js';
import { createReportRepo, type ReportRepo } from '../report/report-repo.js';
import type { Logger } from '../shared/logger.js';
import { createRedisSeriesStore } from '../store/index.js';
import type { SeriesStore } from '../store/types.js';
import type { LogRepo } from '../logs/store/log-repo.js';
import { createRedisLogRepo } from '../logs/store/redis-log-repo.js';
import type { SecurityRepo } from '../security/store/security-repo.js';
import { createRedisSecurityRepo } from '../security/store/redis-security-repo.js';

/**
 * Every piece of Redis state the services touch, each behind its own small interface. Built once
 * per process here; nothing below src/app, src/cli and the console's health code holds a client.
 */
export type Repositories = {
  /** Metric series. */
  store: SeriesStore;
  hosts: HostRepo;
  reports: ReportRepo;
  alertStore: AlertStore;
  checkStore: CheckStore;
  silences: SilenceStore;
  /** The local copy of the alert state that survives a Redis data loss; each caller opens its own (each skips rewriting what it wrote last). */
  openAlertSnapshots(): AlertSnapshots;
  /** "Sent is final" for alert notifications, per channel (src/redis/ledger.ts). */
  notificationLedger: NotificationLedger;
  /** "Sent is final" for report deliveries, per recipient group: the same ledger. */
  deliveryLedger: DeliveryLedger;
  /** The alert evaluation lease and every report's render lease (src/redis/lease.ts). */
  leases: Leases;
  fitCache: FitCacheStore;
  /** Log counts, templates and source statuses per host (written by agents, read by reports, alerts and `logs top`). */
  logs: LogRepo;
  /** What the agents recorded of logins, sudo, ports and files (docs/SECURITY-SIGNALS.md), read by reports, alerts and the console. */
  security: SecurityRepo;
  chainAnchor: ChainAnchor;
  /** PING, for the console's readiness probe. */
  health: { ping(): Promise<string> };
};

export type RepositoryConfig = {
  redis: { prefix: string };
  retention: { raw: number; minute: number; hour: number };
  paths: { data: string };
};

export function createRepositories(o: { redis: RedisClient; config: RepositoryConfig; log: Logger }): Repositories {
  const { redis, config, log } = o;
  const prefix = config.redis.prefix;
  const retention = { rawMs: config.retention.raw, minuteMs: config.retention.minute, hourMs: config.retention.hour };
  return {
    store: createRedisSeriesStore({ redis, prefix, retention }),
    hosts: createHostRepo({ redis, prefix }),
    reports: createReportRepo({ redis, prefix }),
    alertStore: createAlertStore({ redis, prefix }),
    checkStore: createCheckStore({ redis, prefix }),
    silences: createSilenceStore({ redis, prefix }),
    openAlertSnapshots: () => createAlertSnapshots({ redis, prefix, dataDir: config.paths.data, log }),
    notificationLedger: createNotificationLedger({ redis, prefix }),
    deliveryLedger: createDeliveryLedger({ redis, prefix }),
    leases: createRedisLeases({ redis }),
    fitCache: createFitCacheStore({ redis, prefix }),
    logs: createRedisLogRepo({ redis, prefix, retention }),
    security: createRedisSecurityRepo({ redis, prefix, retention }),
    chainAnchor: createRedisAnchor({ redis, prefix }),
    health: { ping: () => redis.ping() },
  };
}
