import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { AppDeps } from '../src/app/deps.js';
import { NotificationMissingError, sendNotification, type SendDeps } from '../src/alert/send-notification.js';
import { ZId } from '../src/config/primitives.js';
import { defineJob } from '../src/queue/job-definition.js';
import { QueueKind } from '../src/queue/queue-names.js';

/** AppDeps, which provides SendDeps once `alerts` is part of the config. */
type Deps = AppDeps & SendDeps;

/**
 * Sends one alert notification to one channel. One job per channel: a failing channel retries on
 * its own schedule (attempts and backoff come from the channel's config at enqueue time) and never
 * holds the others back.
 */
export const sendNotificationJob = defineJob({
  name: 'send-notification',
  queue: QueueKind.Deliver,
  schema: z.strictObject({ notificationId: z.string().regex(/^[a-f0-9]{24}$/, 'not a notification id'), channel: ZId }),
  options: { attempts: 6, backoff: { type: 'exponential', delay: 5_000 } },
  // The return type is spelled out: inferring it would make the registry's types circular.
  handler: async ({ payload, job, deps }: { payload: { notificationId: string; channel: string }; job: { attemptsMade: number; opts: { attempts?: number } }; deps: Deps }): Promise<{ skipped?: 'already-sent'; status?: number }> => {
    try {
      return await sendNotification({ deps, notificationId: payload.notificationId, channel: payload.channel, attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 });
    } catch (err) {
      if (err instanceof NotificationMissingError) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
});
