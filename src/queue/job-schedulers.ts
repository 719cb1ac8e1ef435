import type { Queue } from 'bullmq';
import { jobOptions, type JobContract, type ScheduleInputs } from './contracts/index.js';

export type SchedulerSync = { active: string[]; removed: string[] };

/**
 * The one place a BullMQ job scheduler is registered: upserts the schedulers a contract wants
 * (upsert makes a restart a no-op) with its merged job options, and removes those of its own it
 * no longer wants, such as a report that left the config or a host whose checks are gone.
 */
export async function syncContractSchedulers(o: { queue: Queue; contract: JobContract; inputs: ScheduleInputs }): Promise<SchedulerSync> {
  const spec = o.contract.scheduler;
  if (!spec) return { active: [], removed: [] };
  const runs = spec.runs(o.inputs);
  for (const run of runs) {
    await o.queue.upsertJobScheduler(run.id, run.repeat, { name: o.contract.name, data: run.data, opts: jobOptions(o.contract) });
  }
  const wanted = new Set(runs.map((r) => r.id));
  const removed: string[] = [];
  for (const s of await o.queue.getJobSchedulers(0, -1)) {
    if (!s.key.startsWith(spec.idPrefix) || wanted.has(s.key)) continue;
    await o.queue.removeJobScheduler(s.key);
    removed.push(s.key);
  }
  return { active: [...wanted], removed };
}
