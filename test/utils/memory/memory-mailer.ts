import type { MailMessage, SentMail } from '../../../src/deliver/mailer.js';

/**
 * A mail relay in memory for unit tests: keeps what it was given, or refuses the next sends with
 * the given errors (one per send, in order), as an SMTP server would answer.
 */
export function createMemoryMailer() {
  const sent: MailMessage[] = [];
  const refusals: Error[] = [];
  return {
    sent,
    refuseNext(...errors: Error[]) {
      refusals.push(...errors);
    },
    async send(msg: MailMessage): Promise<SentMail> {
      const refusal = refusals.shift();
      if (refusal) throw refusal;
      sent.push(msg);
      return { messageId: msg.messageId ?? `<memory-${sent.length}@checkup>`, transport: 'smtp', response: '250 kept in memory' };
    },
    /** JSON size: the memory relay keeps no MIME encoding. */
    encodedSize: async (msg: MailMessage) => Buffer.byteLength(JSON.stringify(msg)),
    close: () => undefined,
  };
}
