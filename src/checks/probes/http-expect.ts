import type { CheckOf } from '../../config/checks-schema.js';
import type { CheckStatus } from '../types.js';
import type { HttpAnswer } from '../../shared/http-request.js';
import { parseJsonPath, readJsonPath } from './json-path.js';
import type { ProbeOutcome } from './probe.js';

const DAY = 86_400_000;

export function statusMatches(status: number, patterns: ReadonlyArray<number | string>): boolean {
  return patterns.some((p) => (typeof p === 'number' ? p === status : Math.floor(status / 100) === Number(p[0])));
}

/** Quoted and cut for messages: user data, never trusted to be short or printable. */
function quote(v: unknown, max = 80): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Turns a complete answer into ok / warn / fail. Every failed expectation is listed; the first
 * leads the message. Warnings (slow, certificate expiring) only apply when nothing failed.
 */
export function evaluateHttpAnswer(opts: { check: CheckOf<'http'>; answer: HttpAnswer; latencyMs: number; finalUrl: URL; now: number }): ProbeOutcome {
  const { check, answer, latencyMs } = opts;
  const failures: string[] = [];
  const warnings: string[] = [];
  const details: Record<string, unknown> = { statusCode: answer.status, bytes: answer.body.length, url: opts.finalUrl.href };

  if (!statusMatches(answer.status, check.expectStatus)) failures.push(`status ${answer.status}, expected ${check.expectStatus.join(' or ')}`);
  if (answer.tooLarge) failures.push(`response body larger than ${check.maxBodyBytes} bytes (stopped reading)`);
  const text = answer.tooLarge ? null : answer.body.toString('utf8');
  if (text !== null) {
    if (check.keyword !== undefined && !text.includes(check.keyword)) failures.push(`keyword ${quote(check.keyword)} not in the body`);
    if (check.bodyRegex !== undefined && !new RegExp(check.bodyRegex, 'i').test(text)) failures.push(`body does not match /${check.bodyRegex}/i`);
    if (check.json) failures.push(...jsonFailures(text, check.json, details));
  }
  if (answer.cert) {
    const daysLeft = Math.floor((answer.cert.validTo - opts.now) / DAY);
    details.certDaysLeft = daysLeft;
    details.certValidTo = new Date(answer.cert.validTo).toISOString();
    if (daysLeft < check.tls.failDays || answer.cert.validTo <= opts.now)
      failures.push(`certificate ${daysLeft < 0 ? 'expired' : `expires in ${daysLeft} days`} (${details.certValidTo})`);
    else if (daysLeft < check.tls.warnDays) warnings.push(`certificate expires in ${daysLeft} days (${details.certValidTo})`);
  }
  if (check.warnLatency !== undefined && latencyMs > check.warnLatency) warnings.push(`slow: ${latencyMs} ms > ${check.warnLatency} ms`);

  const status: CheckStatus = failures.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'ok';
  const head = `${answer.status} ${answer.statusText}`.trim();
  const cert = details.certDaysLeft !== undefined ? `, certificate ${details.certDaysLeft} days left` : '';
  const message = status === 'ok' ? `${head} in ${latencyMs} ms${cert}` : [...failures, ...warnings].join('; ');
  return { status, message, latencyMs, details };
}

function jsonFailures(text: string, json: NonNullable<CheckOf<'http'>['json']>, details: Record<string, unknown>): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return ['body is not JSON'];
  }
  const value = readJsonPath(doc, parseJsonPath(json.path) ?? []);
  details.jsonValue = value;
  if (value === undefined) return [`JSON path ${json.path} not found`];
  if (json.equals !== undefined && value !== json.equals) return [`JSON ${json.path} is ${quote(value)}, expected ${quote(json.equals)}`];
  return [];
}
