import type { Worker } from 'bullmq';
import { createRuntime, type AppRuntime } from '../../../../src/app/create-deps.js';
import type { AppDeps } from '../../../../src/app/deps.js';
import type { QueueSet } from '../../../../src/app/enqueue.js';
import { startQueueWorker } from '../../../../src/app/start-queue-worker.js';
import { handlersFor } from '../../../../jobs/registry.js';
import { ZAlertsConfig, type AlertsConfig } from '../../../../src/config/alerts-schema.js';
import { ZChecksConfig, type ChecksConfig } from '../../../../src/config/checks-schema.js';
import type { AppConfig } from '../../../../src/config/load-config.js';
import { QueueKind, queueName } from '../../../../src/queue/queue-names.js';
import { evaluateAlerts, runChecks } from '../../../../src/queue/contracts/index.js';
import { syncContractSchedulers } from '../../../../src/queue/job-schedulers.js';
import { scheduleInputs } from '../../../../src/app/schedulers.js';
import { silentLogger } from '../../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../../utils/redis.js';
import { testConfig } from '../../../utils/test-config.js';

export type StackConfig = AppConfig & { checks: ChecksConfig; alerts: AlertsConfig };
export type StackDeps = AppDeps & { config: StackConfig };
export type Role = 'checks' | 'alerts' | 'deliver';

export type Stack = {
  prefix: string;
  /** The runtime's own client, for tests that look at or break Redis state directly. */
  redis: AppRuntime['connection'];
  deps: StackDeps;
  queues: QueueSet;
  start(role: Role): Promise<void>;
  stop(role: Role): Promise<void>;
  close(): Promise<void>;
};

/** Each role's queue, as the agent role (checks, per host) and the worker role (alerts, deliver) consume them. */
const KIND: Record<Role, QueueKind> = { checks: QueueKind.Checks, alerts: QueueKind.Alerts, deliver: QueueKind.Deliver };

/**
 * The app's own wiring under a test prefix: createRuntime (real Redis, BullMQ, enqueue, mailer and
 * repositories), workers started by startQueueWorker from the queue roles table, and the same
 * schedulers the agent and worker roles register. Only the roles a test asks for run.
 */
export async function startStack(o: {
  host?: string;
  tags?: string[];
  checks?: unknown[];
  alerts?: Record<string, unknown>;
  smtpUrl?: string;
  roles?: Role[];
}): Promise<Stack> {
  const prefix = testPrefix();
  const hostId = o.host ?? 'test-host';
  const base = testConfig({ prefix, raw: { host: { id: hostId, tags: o.tags ?? [] } }, env: o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {} });
  const config: StackConfig = { ...base, checks: ZChecksConfig.parse(o.checks ?? []), alerts: ZAlertsConfig.parse(o.alerts ?? {}) };
  const rt: AppRuntime = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
  const { queues } = rt;
  const deps: StackDeps = { ...rt.deps, config };
  const workers = new Map<Role, Worker>();
  const stack: Stack = {
    prefix,
    redis: rt.connection,
    deps,
    queues,
    async start(role) {
      workers.set(role, startQueueWorker(rt, KIND[role], handlersFor(KIND[role]), role === 'checks' ? { host: hostId } : {}));
      // The role's own contract schedulers only (not collection or reports), from the same specs
      // and config reading the agent and worker roles use.
      const contract = role === 'checks' ? runChecks : role === 'alerts' ? evaluateAlerts : null;
      if (contract) await syncContractSchedulers({ queue: queues.get(queueName(contract.queue, hostId)), contract, inputs: scheduleInputs(config) });
    },
    async stop(role) {
      if (role === 'checks') await queues.get(queueName(QueueKind.Checks, hostId)).removeJobScheduler(`checks:${hostId}`);
      if (role === 'alerts') await queues.get(queueName(QueueKind.Alerts)).removeJobScheduler('alerts:evaluate');
      await workers.get(role)?.close();
      workers.delete(role);
    },
    async close() {
      for (const role of [...workers.keys()]) await stack.stop(role);
      await rt.close();
      await cleanupPrefix(prefix);
    },
  };
  for (const role of o.roles ?? []) await stack.start(role);
  return stack;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
