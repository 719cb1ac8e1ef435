import type { AlertsConfig } from '../config/alerts-schema.js';
import type { Mailer } from '../deliver/mailer.js';
import { sendWebhook } from '../deliver/webhooks/index.js';
import { ConfigError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { AlertStore, NotificationLedger } from './alert-store.js';
import { alertEmail } from './email-message.js';
import { forChannel } from './notification.js';

export type SendDeps = {
  config: { alerts: AlertsConfig; mail: { from: string } };
  alertStore: Pick<AlertStore, 'notification' | 'appendLog'>;
  notificationLedger: NotificationLedger;
  mailer: Pick<Mailer, 'send'>;
  log: Logger;
};

/** The notification expired or never existed: retrying cannot help. */
export class NotificationMissingError extends Error {}

/**
 * Sends one notification to one channel, once. The ledger entry "sent" is final: a retry, a
 * second job or a restarted worker finds it and sends nothing. Each attempt's failure is thrown
 * for the queue to retry with backoff; the last one is logged as failed.
 */
export async function sendNotification(o: {
  deps: SendDeps;
  notificationId: string;
  channel: string;
  attempt: number;
  maxAttempts: number;
  now?: number;
}): Promise<{ skipped?: 'already-sent'; status?: number }> {
  const { deps, notificationId: id, channel } = o;
  const { notificationLedger: ledger, alertStore: store } = deps;
  if ((await ledger.read(id, channel))?.state === 'sent') return { skipped: 'already-sent' };
  const n = await store.notification(id);
  if (!n) throw new NotificationMissingError(`notification ${id} not found (expired?)`);
  const ch = deps.config.alerts.channels[channel];
  if (!ch) throw new ConfigError([`alerts.channels.${channel}: channel not configured`]);
  const message = forChannel(n, channel);
  const alerts = [...new Set([...message.firing, ...message.resolved, ...message.active].map((a) => a.key))];
  const entry = { id: `${id}/${channel}`, channel, kind: message.kind, host: n.host, alerts, attempts: o.attempt };
  await ledger.mark(id, channel, { state: 'sending', attempts: o.attempt, at: Date.now() });
  try {
    let status: number | undefined;
    if (ch.type === 'email') {
      await deps.mailer.send(alertEmail({ message, channelName: channel, channel: ch, from: deps.config.mail.from }));
    } else {
      status = (await sendWebhook({ channel: ch, message, now: o.now ?? Date.now() })).status;
    }
    await ledger.mark(id, channel, { state: 'sent', attempts: o.attempt, at: Date.now() });
    await store.appendLog({ ...entry, t: Date.now(), outcome: 'sent' });
    return status === undefined ? {} : { status };
  } catch (err) {
    const error = (err as Error).message;
    const last = o.attempt >= o.maxAttempts;
    await ledger.mark(id, channel, { state: 'failed', attempts: o.attempt, at: Date.now(), error });
    if (last) await store.appendLog({ ...entry, t: Date.now(), outcome: 'failed', error });
    deps.log.warn({ notification: id, channel, attempt: o.attempt, of: o.maxAttempts, err: error }, 'notification not sent');
    throw err;
  }
}
