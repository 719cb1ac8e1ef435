import type { JobsOptions, Worker } from 'bullmq';
import { createQueueSet, type QueueSet } from '../../../../src/app/enqueue.js';
import { ALERTS_QUEUE, syncAlertSchedule } from '../../../../src/alert/schedule.js';
import { checksLockDuration, checksQueueName, syncCheckSchedule } from '../../../../src/checks/schedule.js';
import { ZAlertsConfig, type AlertsConfig } from '../../../../src/config/alerts-schema.js';
import { ZChecksConfig, type ChecksConfig } from '../../../../src/config/checks-schema.js';
import type { AppConfig } from '../../../../src/config/load-config.js';
import { createMailer, type Mailer } from '../../../../src/deliver/mailer.js';
import { createHostRepo, type HostRepo } from '../../../../src/fleet/host-repo.js';
import { DEFAULT_JOB_OPTIONS } from '../../../../src/queue/job-definition.js';
import { createRedis, type Redis } from '../../../../src/queue/redis-connection.js';
import { startWorker } from '../../../../src/queue/worker-runner.js';
import { silentLogger, type Logger } from '../../../../src/shared/logger.js';
import { createRedisSeriesStore } from '../../../../src/store/index.js';
import type { SeriesStore } from '../../../../src/store/types.js';
import { evaluateAlertsJob } from '../../../../jobs/evaluate-alerts.job.js';
import { runChecksJob } from '../../../../jobs/run-checks.job.js';
import { sendNotificationJob } from '../../../../jobs/send-notification.job.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../../utils/redis.js';
import { testConfig } from '../../../utils/test-config.js';

export type StackConfig = AppConfig & { checks: ChecksConfig; alerts: AlertsConfig };
export type StackDeps = {
  config: StackConfig;
  log: Logger;
  redis: Redis;
  hosts: HostRepo;
  store: SeriesStore;
  mailer: Mailer;
  enqueue(name: 'send-notification', payload: { notificationId: string; channel: string }, opts?: JobsOptions): Promise<string>;
};
export type Role = 'checks' | 'alerts' | 'deliver';

export type Stack = {
  prefix: string;
  deps: StackDeps;
  queues: QueueSet;
  start(role: Role): Promise<void>;
  stop(role: Role): Promise<void>;
  close(): Promise<void>;
};

/**
 * What the app's agent and worker roles will run once the lead wires these jobs in: real Redis,
 * real BullMQ workers and schedulers, the real mailer and series store. `createEnqueue` resolves
 * names through jobs/registry.ts, which does not list these jobs yet, so enqueueing is done here
 * the same way it does it (validate with the job's schema, add with its options).
 */
export async function startStack(o: { host?: string; tags?: string[]; checks?: unknown[]; alerts?: Record<string, unknown>; smtpUrl?: string; roles?: Role[] }): Promise<Stack> {
  const prefix = testPrefix();
  const hostId = o.host ?? 'test-host';
  const base = testConfig({ prefix, raw: { host: { id: hostId, tags: o.tags ?? [] } }, env: o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {} });
  const config: StackConfig = { ...base, checks: ZChecksConfig.parse(o.checks ?? []), alerts: ZAlertsConfig.parse(o.alerts ?? {}) };
  const log = silentLogger();
  const redis = createRedis(TEST_REDIS_URL, { name: 'checkup-test' });
  const queues = createQueueSet({ connection: redis, prefix });
  const deps: StackDeps = {
    config,
    log,
    redis,
    hosts: createHostRepo({ redis, prefix }),
    store: createRedisSeriesStore({ redis, prefix, retention: { rawMs: config.retention.raw, minuteMs: config.retention.minute, hourMs: config.retention.hour } }),
    mailer: createMailer({ smtpUrl: config.mail.smtpUrl, outboxDir: config.paths.outbox, log, timeoutMs: 5_000 }),
    async enqueue(name, payload, opts = {}) {
      const data = sendNotificationJob.schema.parse(payload);
      const job = await queues.get('deliver').add(name, data, { ...DEFAULT_JOB_OPTIONS, ...sendNotificationJob.options, ...opts });
      return job.id ?? '';
    },
  };
  const workers = new Map<Role, Worker>();
  const common = { deps, connection: redis, prefix, log };
  const stack: Stack = {
    prefix,
    deps,
    queues,
    async start(role) {
      if (role === 'checks') {
        const queue = checksQueueName(hostId);
        workers.set(role, startWorker({ ...common, queue, jobs: [runChecksJob], lockDuration: checksLockDuration(config.checks) }));
        await syncCheckSchedule({ queue: queues.get(queue), host: hostId, tags: config.host.tags, checks: config.checks });
      } else if (role === 'alerts') {
        workers.set(role, startWorker({ ...common, queue: ALERTS_QUEUE, jobs: [evaluateAlertsJob] }));
        await syncAlertSchedule({ queue: queues.get(ALERTS_QUEUE), alerts: config.alerts });
      } else {
        workers.set(role, startWorker({ ...common, queue: 'deliver', jobs: [sendNotificationJob], concurrency: 4 }));
      }
    },
    async stop(role) {
      if (role === 'checks') await queues.get(checksQueueName(hostId)).removeJobScheduler(`checks:${hostId}`);
      if (role === 'alerts') await queues.get(ALERTS_QUEUE).removeJobScheduler('alerts:evaluate');
      await workers.get(role)?.close();
      workers.delete(role);
    },
    async close() {
      for (const role of [...workers.keys()]) await stack.stop(role);
      await queues.close();
      deps.mailer.close();
      await redis.quit().catch(() => redis.disconnect());
      await cleanupPrefix(prefix);
    },
  };
  for (const role of o.roles ?? []) await stack.start(role);
  return stack;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
