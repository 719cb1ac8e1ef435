import http from 'node:http';
import https from 'node:https';

export type PostResult = { status: number; body: string };

/** Response bodies of bot APIs are tiny; anything past this is not read. */
const MAX_RESPONSE = 64 * 1024;

/**
 * POSTs JSON with one overall deadline (connect + response), reading at most 64 KiB back. A
 * non-2xx answer is an error carrying the status and the start of the body.
 */
export function postJson(opts: { url: string; body: unknown; headers?: Record<string, string>; timeoutMs: number }): Promise<PostResult> {
  const url = new URL(opts.url);
  const payload = Buffer.from(JSON.stringify(opts.body));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const req = lib.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length), 'user-agent': 'Checkup', ...opts.headers },
      agent: false,
    });
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`no answer from ${url.host} within ${opts.timeoutMs} ms`)));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err) => finish(() => reject(new Error(`POST ${url.host}: ${err.message}`))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_RESPONSE) chunks.push(c);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) finish(() => reject(new Error(`POST ${url.host}: HTTP ${status}: ${body.slice(0, 200)}`)));
        else finish(() => resolve({ status, body }));
      });
      res.on('error', (err) => finish(() => reject(err)));
    });
    req.end(payload);
  });
}

/** Bot APIs answer 200 with an error code inside; `code`/`errcode`/`StatusCode` other than 0 is a failure. */
export function assertBotOk(r: PostResult, service: string): void {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    return;
  }
  const code = doc.code ?? doc.errcode ?? doc.StatusCode;
  if (code !== undefined && code !== 0)
    throw new Error(`${service} refused the message: ${String(code)} ${String(doc.msg ?? doc.errmsg ?? doc.StatusMessage ?? '')}`.trim());
}
