import type { Worker } from 'bullmq';
import { assertRegistryValid, handlersFor } from '../../jobs/registry.js';
import { assertEveryQueueConsumed, QUEUE_ROLES } from '../queue/queue-roles.js';
import { startQueueWorker } from './start-queue-worker.js';
import { QueueKind, queueName } from '../queue/queue-names.js';
import { mirrorSafely } from '../alert/evaluate.js';
import type { AppRuntime } from './create-deps.js';
import { catchUpMissedRuns } from './catch-up.js';
import { withTimeout } from './enqueue.js';
import { installRedisClock } from './redis-clock.js';
import { scheduleInputs, syncSchedulers } from './schedulers.js';
import { reapOrphanBrowsers } from '../report/pdf/browser-pidfile.js';

/**
 * Every worker keeps its local copy of the alert state fresh, not only the one that happens to
 * evaluate: after Redis loses its data, whichever evaluates first restores from its own copy.
 */
function keepAlertSnapshot(rt: AppRuntime, alertsWorker: Worker | undefined): void {
  const { deps } = rt;
  const snapshots = deps.openAlertSnapshots();
  const timer = setInterval(() => {
    if (rt.connection.status === 'ready') void mirrorSafely({ snapshots, deps, now: Date.now() });
  }, deps.config.alerts.evaluateEvery);
  timer.unref();
  alertsWorker?.on('closed', () => clearInterval(timer));
}

/** Report, delivery and maintenance workers, plus the schedules they serve. */
export async function startWorkerRole(rt: AppRuntime): Promise<{ workers: Worker[] }> {
  // Fail loudly at boot if a contract has no handler or two, or a queue no consumer.
  assertRegistryValid();
  assertEveryQueueConsumed();
  const { deps } = rt;
  // Templates compile now, not on the first report: a broken built-in template shows at start.
  deps.templates.strings('en');
  // A predecessor killed hard may have left its Chromium behind (a hung one never sees its pipe close).
  reapOrphanBrowsers({ runDir: deps.config.paths.run, log: deps.log });
  // Before any worker exists: BullMQ judges delayed jobs (every schedule) by this process's clock.
  const clock = installRedisClock({ redis: rt.connection, log: deps.log });
  await withTimeout(clock.sync(), 5_000);
  rt.connection.on('ready', () => void clock.sync().catch(() => undefined));
  const kinds = QUEUE_ROLES.filter((r) => r.role === 'worker');
  const workers = kinds.map(({ kind }) => startQueueWorker(rt, kind, handlersFor(kind)));
  const register = async () => {
    await syncSchedulers({ queues: rt.queues, role: 'worker', config: deps.config, log: deps.log });
    await catchUpMissedRuns({
      queue: rt.queues.get(queueName(QueueKind.Report)),
      redis: rt.connection,
      config: deps.config,
      reports: deps.reports,
      log: deps.log,
    });
  };
  await register();
  keepAlertSnapshot(rt, workers[kinds.findIndex((k) => k.kind === QueueKind.Alerts)]);
  // Re-register after Redis comes back: one without persistence has forgotten every scheduler.
  rt.connection.on('ready', () => void register().catch((err: unknown) => deps.log.warn({ err }, 'could not register the schedules again')));
  deps.log.info({ schedules: scheduleInputs(deps.config).reports.map((r) => r.name) }, 'worker started');
  return { workers };
}
