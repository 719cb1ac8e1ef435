import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpSink = {
  url: string;
  port: number;
  messages: Array<{ raw: Buffer; parsed: ParsedMail; envelopeTo: string[] }>;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

/**
 * A real SMTP server in this process that keeps and parses what it receives. `port` starts it on a
 * given port, e.g. again on the port of one a test closed to simulate a relay outage.
 */
export async function startSmtpSink(
  opts: { onData?: () => Promise<void>; onRcptTo?: (address: string) => Promise<void>; port?: number } = {},
): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      void (opts.onRcptTo?.(address.address) ?? Promise.resolve()).then(
        () => callback(),
        (err: Error) => callback(err),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void (async () => {
          await opts.onData?.();
          messages.push({ raw, parsed: await simpleParser(raw), envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        })();
      });
    },
  });
  // A client that dies mid-session (the crash tests) resets its connection: that is expected.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: ${messages.length}/${count} messages after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
