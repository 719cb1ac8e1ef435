import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { ZEmail, ZId } from '../../config/primitives.js';
import { buildReportRequest } from '../../report/request-factory.js';
import { UsageError } from '../../shared/errors.js';
import { badRequest } from '../http/http-error.js';
import { assertRecipientsAllowed } from './adhoc-recipients.js';

/** Date's range: a later epoch ms is no time at all, and would throw when formatted. */
const MAX_TIME_MS = 8.64e15;

const ZTime = z.union([z.number().int().nonnegative(), z.string().min(1).max(40)]).transform((v, ctx) => {
  const t = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t) || t < 0 || t > MAX_TIME_MS) {
    ctx.addIssue({ code: 'custom', message: 'not an ISO-8601 time or epoch ms' });
    return z.NEVER;
  }
  return t;
});

/** What the API and the console form may ask for: the same choices as `checkup report`. */
export const ZAdhocInput = z.strictObject({
  report: ZId,
  hosts: z.array(z.string().min(1).max(200)).max(500).optional(),
  period: z.enum(['day', 'week', 'month']).optional(),
  from: ZTime.optional(),
  to: ZTime.optional(),
  emails: z.array(ZEmail).max(50).optional(),
  locale: z.enum(['en', 'zh-CN']).optional(),
});

export type AdhocInput = z.output<typeof ZAdhocInput>;

/**
 * Queues an ad-hoc report exactly as the CLI does: build the request, create its record, enqueue
 * render-report. It can only ever enqueue a report; nothing here runs a command.
 */
export async function enqueueAdhocReport(deps: Pick<AppDeps, 'config' | 'hosts' | 'reports' | 'enqueue'>, input: AdhocInput): Promise<string> {
  if (!deps.config.reports[input.report])
    throw badRequest('report', `no report named "${input.report}" in the config (known: ${Object.keys(deps.config.reports).join(', ') || 'none'})`);
  if (input.period && (input.from !== undefined || input.to !== undefined)) throw badRequest('period', 'use either period or from/to');
  if ((input.from === undefined) !== (input.to === undefined)) throw badRequest(input.from === undefined ? 'from' : 'to', 'from and to go together');
  if (input.from !== undefined && input.to !== undefined && !(input.from < input.to)) throw badRequest('from', 'must be before to');
  assertRecipientsAllowed(input.emails, deps.config);
  if (input.hosts && input.hosts.length > 0) {
    const known = new Set(await deps.hosts.list());
    const unknown = input.hosts.find((h) => !known.has(h));
    if (unknown !== undefined) throw badRequest('hosts', `unknown host "${unknown}"`);
  }
  let request;
  try {
    request = buildReportRequest({
      config: deps.config,
      name: input.report,
      trigger: 'adhoc',
      at: Date.now(),
      adhoc: { hosts: input.hosts, period: input.period, from: input.from, to: input.to, emails: input.emails, locale: input.locale },
    });
  } catch (err) {
    if (err instanceof UsageError) throw badRequest('body', err.message);
    throw err;
  }
  await deps.reports.create(request);
  await deps.enqueue('render-report', { request });
  return request.id;
}
