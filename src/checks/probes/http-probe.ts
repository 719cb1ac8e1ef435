import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { CheckOf } from '../../config/checks-schema.js';
import { evaluateHttpAnswer } from './http-expect.js';
import { httpRequest, type HttpAnswer } from '../../shared/http-request.js';
import { describeRequestError } from './request-error.js';
import { stopwatch } from '../../shared/elapsed.js';
import { fail, type ProbeOutcome } from './probe.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Checkup health check';

/**
 * HTTP(S) check. One deadline (`timeout`) covers every hop of a redirect chain, so neither a slow
 * server nor a redirect loop can keep the agent past it. The certificate is the final hop's.
 */
export async function probeHttp(check: CheckOf<'http'>, now: () => number = Date.now): Promise<ProbeOutcome> {
  let ca: Buffer | undefined;
  if (check.tls.caFile) {
    try {
      ca = await readFile(check.tls.caFile);
    } catch (err) {
      return fail(`cannot read tls.caFile ${check.tls.caFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  // The clock starts once the CA file is read: latency is the server's, not the disk's.
  const elapsed = stopwatch();
  const deadline = performance.now() + check.timeout;
  let url = new URL(check.url);
  let method = check.method;
  let body = check.body;
  let answer: HttpAnswer;
  for (let hop = 0; ; hop++) {
    try {
      answer = await httpRequest({
        url,
        method,
        headers: { 'user-agent': USER_AGENT, ...check.headers },
        ...(body !== undefined ? { body } : {}),
        deadline,
        maxBodyBytes: check.maxBodyBytes,
        tls: { ...(ca ? { ca } : {}), insecure: check.tls.insecure },
      });
    } catch (err) {
      return fail(describeRequestError(err, url), { url: url.href }, elapsed());
    }
    const location = answer.headers.location;
    if (!check.followRedirects || !REDIRECTS.has(answer.status) || !location) break;
    if (hop >= check.maxRedirects) return fail(`more than ${check.maxRedirects} redirects (last to ${location})`, { status: answer.status }, elapsed());
    url = new URL(location, url);
    if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
  return evaluateHttpAnswer({ check, answer, latencyMs: elapsed(), finalUrl: url, now: now() });
}
