import { performance } from 'node:perf_hooks';
import { DeadlineError, httpRequest, type HttpAnswer } from '../../shared/http-request.js';

export type PostResult = { status: number; body: string };

/** Response bodies of bot APIs are tiny; anything past this is not read. */
const MAX_RESPONSE = 64 * 1024;

/**
 * POSTs JSON with one overall deadline (connect + response), reading at most 64 KiB back. A
 * non-2xx answer is an error carrying the status and the start of the body.
 */
export async function postJson(opts: { url: string; body: unknown; headers?: Record<string, string>; timeoutMs: number }): Promise<PostResult> {
  const url = new URL(opts.url);
  const payload = Buffer.from(JSON.stringify(opts.body));
  let answer: HttpAnswer;
  try {
    answer = await httpRequest({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length), 'user-agent': 'Checkup', ...opts.headers },
      body: payload,
      deadline: performance.now() + opts.timeoutMs,
      maxBodyBytes: MAX_RESPONSE,
    });
  } catch (err) {
    if (err instanceof DeadlineError) throw new Error(`no answer from ${url.host} within ${opts.timeoutMs} ms`);
    throw new Error(`POST ${url.host}: ${(err as Error).message}`);
  }
  const body = answer.body.toString('utf8');
  if (answer.status < 200 || answer.status >= 300) throw new Error(`POST ${url.host}: HTTP ${answer.status}: ${body.slice(0, 200)}`);
  return { status: answer.status, body };
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
