import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Logger } from '../shared/logger.js';

export type MailMessage = {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  /** Fixed per report and recipient group, so a receiving system can recognise a resend. */
  messageId: string;
};

export type SentMail = { messageId: string; transport: 'smtp' | 'outbox'; outboxPath?: string; response?: string };

export type Mailer = {
  send(msg: MailMessage): Promise<SentMail>;
  /** The exact size of the encoded message (base64 attachments included). */
  encodedSize(msg: MailMessage): Promise<number>;
  close(): void;
};

/**
 * SMTP through nodemailer when `smtpUrl` is set (smtps:// for implicit TLS, STARTTLS is used when
 * the server offers it); otherwise each message is written as an .eml file into the outbox.
 */
export function createMailer(opts: { smtpUrl?: string; outboxDir: string; log: Logger; timeoutMs?: number }): Mailer {
  const timeout = opts.timeoutMs ?? 30_000;
  const smtp = opts.smtpUrl
    ? nodemailer.createTransport({ url: opts.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2 })
    : null;
  const toNodemailer = (msg: MailMessage) => ({ ...msg, headers: { 'X-Mailer': 'Checkup' } });

  return {
    async encodedSize(msg) {
      const raw = await new MailComposer(toNodemailer(msg)).compile().build();
      return raw.length;
    },
    async send(msg) {
      if (smtp) {
        const info = await smtp.sendMail(toNodemailer(msg));
        return { messageId: info.messageId, transport: 'smtp', response: info.response };
      }
      const raw = await new MailComposer(toNodemailer(msg)).compile().build();
      await mkdir(opts.outboxDir, { recursive: true });
      const safe = msg.messageId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
      const path = join(opts.outboxDir, `${new Date(Date.now()).toISOString().replace(/[:.]/g, '-')}-${safe}.eml`);
      await writeFile(path, raw);
      opts.log.info({ path, to: msg.to }, 'no SMTP_URL set: message written to the outbox');
      return { messageId: msg.messageId, transport: 'outbox', outboxPath: path };
    },
    close() {
      smtp?.close();
    },
  };
}
