import type { RepeatOptions } from 'bullmq';

/**
 * What schedulers read from the config, taken from it in one place (src/app/schedulers.ts), so a
 * contract's scheduler spec depends on plain values and never on the config module.
 */
export type ScheduleInputs = {
  /** This process's host id: agent schedulers are per host. */
  host: string;
  agentIntervalMs: number;
  /** The shortest interval of this host's checks; null when it has none. */
  checksTickMs: number | null;
  alertsEveryMs: number;
  /** Scheduled reports only, with the cron BullMQ is given and its IANA zone. */
  reports: readonly { name: string; pattern: string; tz: string }[];
};

export type ScheduledRun<P> = { id: string; repeat: Omit<RepeatOptions, 'key'>; data: P };

/** A job that runs on a BullMQ job scheduler: who registers it, and the schedulers it wants. */
export type SchedulerSpec<P> = {
  /** `worker`: one scheduler set for the whole fleet; `agent`: each host's own, on its own queue. */
  role: 'worker' | 'agent';
  /** Every scheduler id of this job starts with it: ids it no longer wants are removed. */
  idPrefix: string;
  runs(inputs: ScheduleInputs): ScheduledRun<P>[];
};
