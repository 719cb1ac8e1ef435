import type { JobsOptions, Worker } from 'bullmq';
import type { AlertDeps } from '../../../../src/alert/evaluate.js';
import { ALERTS_QUEUE, syncAlertSchedule } from '../../../../src/alert/schedule.js';
import type { SendDeps } from '../../../../src/alert/send-notification.js';
import { createRuntime, type AppRuntime } from '../../../../src/app/create-deps.js';
import type { AppDeps } from '../../../../src/app/deps.js';
import type { QueueSet } from '../../../../src/app/enqueue.js';
import type { ChecksDeps } from '../../../../src/checks/run-host-checks.js';
import { checksLockDuration, checksQueueName, syncCheckSchedule } from '../../../../src/checks/schedule.js';
import { ZAlertsConfig, type AlertsConfig } from '../../../../src/config/alerts-schema.js';
import { ZChecksConfig, type ChecksConfig } from '../../../../src/config/checks-schema.js';
import type { AppConfig } from '../../../../src/config/load-config.js';
import { DEFAULT_JOB_OPTIONS } from '../../../../src/queue/contracts/index.js';
import { startWorker } from '../../../../src/queue/worker-runner.js';
import { silentLogger } from '../../../../src/shared/logger.js';
import { evaluateAlertsJob } from '../../../../jobs/evaluate-alerts.job.js';
import { runChecksJob } from '../../../../jobs/run-checks.job.js';
import { sendNotificationJob } from '../../../../jobs/send-notification.job.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../../utils/redis.js';
import { testConfig } from '../../../utils/test-config.js';

export type StackConfig = AppConfig & { checks: ChecksConfig; alerts: AlertsConfig };
export type StackDeps = AppDeps & ChecksDeps & AlertDeps & SendDeps & { config: StackConfig };
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

const MY_JOBS = [runChecksJob, evaluateAlertsJob, sendNotificationJob];

/**
 * The app's own runtime (createRuntime: real Redis, BullMQ, mailer, series store) with real workers
 * and schedulers for these jobs, as the agent and worker roles will run them once wired. Two
 * stand-ins until then: the `checks` and `alerts` config sections are parsed here (ZConfig does
 * not list them yet), and enqueue resolves these jobs itself (jobs/registry.ts does not list them
 * yet), the same way createEnqueue does: validate with the job's schema, add with its options.
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
  const enqueue = async (name: string, payload: unknown, opts: JobsOptions & { host?: string } = {}): Promise<string> => {
    const def = MY_JOBS.find((j) => j.name === name);
    if (!def) throw new Error(`test stack: unknown job ${name}`);
    const { host, ...jobOpts } = opts;
    const queue = def === runChecksJob ? checksQueueName(host ?? hostId) : def.queue;
    const job = await queues.get(queue).add(name, def.schema.parse(payload), { ...DEFAULT_JOB_OPTIONS, ...def.options, ...jobOpts });
    return job.id ?? '';
  };
  const deps: StackDeps = { ...rt.deps, config, enqueue };
  const workers = new Map<Role, Worker>();
  const common = { deps, connection: rt.connection, prefix, log: deps.log };
  const stack: Stack = {
    prefix,
    redis: rt.connection,
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
      await rt.close();
      await cleanupPrefix(prefix);
    },
  };
  for (const role of o.roles ?? []) await stack.start(role);
  return stack;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
