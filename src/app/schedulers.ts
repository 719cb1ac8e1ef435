import { checksForHost, checksTick } from '../checks/select-checks.js';
import type { AppConfig } from '../config/load-config.js';
import { JOB_CONTRACTS, type ScheduleInputs } from '../queue/contracts/index.js';
import { syncContractSchedulers, type SchedulerSync } from '../queue/job-schedulers.js';
import { queueName } from '../queue/queue-names.js';
import { effectivePattern } from '../report/schedule-times.js';
import type { Logger } from '../shared/logger.js';
import type { QueueSet } from './enqueue.js';

/** The only reading of the config that schedulers do; contracts turn it into scheduler ids and repeats. */
export function scheduleInputs(config: AppConfig): ScheduleInputs {
  return {
    host: config.hostId,
    agentIntervalMs: config.agent.interval,
    checksTickMs: checksTick(checksForHost({ checks: config.checks, host: config.hostId, tags: config.host.tags })),
    alertsEveryMs: config.alerts.evaluateEvery,
    reports: Object.entries(config.reports).flatMap(([name, rc]) => {
      const pattern = effectivePattern(rc);
      return pattern === null ? [] : [{ name, pattern, tz: rc.timezone }];
    }),
  };
}

/**
 * Registers every job scheduler of one role from the contracts' scheduler specs: the worker role
 * the fleet-wide ones (reports, maintenance, alert evaluation), each agent its host's own
 * (collection, checks). Called at start and again whenever Redis comes back, since a Redis
 * without persistence forgets every scheduler when it restarts.
 */
export async function syncSchedulers(o: { queues: QueueSet; role: 'worker' | 'agent'; config: AppConfig; log: Logger }): Promise<SchedulerSync> {
  const inputs = scheduleInputs(o.config);
  const all: SchedulerSync = { active: [], removed: [] };
  for (const contract of JOB_CONTRACTS) {
    if (contract.scheduler?.role !== o.role) continue;
    const queue = o.queues.get(queueName(contract.queue, inputs.host));
    const { active, removed } = await syncContractSchedulers({ queue, contract, inputs });
    all.active.push(...active);
    all.removed.push(...removed);
  }
  if (all.removed.length > 0) o.log.info({ removed: all.removed }, 'removed schedules no longer in the config');
  return all;
}
