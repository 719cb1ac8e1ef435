import { UnrecoverableError } from 'bullmq';
import { NotificationMissingError, sendNotification as send } from '../src/alert/send-notification.js';
import { sendNotification } from '../src/queue/contracts/index.js';
import { defineHandler } from './define-handler.js';

/**
 * Sends one alert notification to one channel. One job per channel: a failing channel retries on
 * its own schedule (attempts and backoff come from the channel's config at enqueue time) and never
 * holds the others back.
 */
export const sendNotificationJob = defineHandler(sendNotification, {
  handler: async ({ payload, job, deps }) => {
    try {
      return await send({
        deps,
        notificationId: payload.notificationId,
        channel: payload.channel,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } catch (err) {
      if (err instanceof NotificationMissingError) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
});
