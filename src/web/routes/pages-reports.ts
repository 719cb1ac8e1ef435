import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../context.js';
import { notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { schedules } from '../model/schedules.js';
import { enqueueAdhocReport, ZAdhocInput } from '../reports/adhoc.js';
import { reportView } from '../reports/report-view.js';
import type { Csrf } from '../security/csrf.js';
import { sendPage } from './render.js';

const ZReportId = z.object({ id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'not a report id') });
const list = (v: unknown) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : [v]);

/** The form posts strings; this turns them into the API's shape so both validate the same way. */
function formToInput(body: Record<string, unknown>) {
  const emails = typeof body.emails === 'string' ? body.emails.split(/[\s,;]+/).filter(Boolean) : undefined;
  return {
    report: body.report,
    hosts: list(body.hosts),
    period: body.period || undefined,
    emails: emails && emails.length > 0 ? emails : undefined,
    locale: body.locale || undefined,
  };
}

/** The period as the report itself states it: in the report's own time zone, not the console's. */
function periodIn(p: { from: number; to: number; timezone: string }): string {
  const fmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: p.timezone });
  return `${fmt.format(p.from)} → ${fmt.format(p.to)} (${p.timezone})`;
}

/** Schedules, history, the ad-hoc form and a live progress page per report. */
export function reportPages(app: FastifyInstance, ctx: WebContext, csrf: Csrf): void {
  app.get('/reports', async (request, reply) => {
    const known = await ctx.live.read('reports-page', async () => {
      const records = await ctx.deps.reports.list({ limit: 50 });
      return { history: await Promise.all(records.map((r) => reportView(ctx.deps.reports, r))), hosts: await ctx.deps.hosts.list() };
    });
    return sendPage(
      ctx,
      reply,
      'reports',
      {
        title: 'Reports',
        nav: 'reports',
        csrf: csrf.tokenFor(request, reply),
        schedules: schedules(ctx.deps.config),
        reportNames: Object.keys(ctx.deps.config.reports),
        ...known.value,
      },
      known,
    );
  });

  app.post('/reports', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    csrf.verify(request, body._csrf);
    const input = parseInput(ZAdhocInput, formToInput(body), 'body');
    const id = await enqueueAdhocReport(ctx.deps, input);
    return reply.redirect(`/reports/${encodeURIComponent(id)}`, 303);
  });

  app.get('/reports/:id', async (request, reply) => {
    const { id } = parseInput(ZReportId, request.params, 'params');
    const known = await ctx.live.read(`report:${id}`, async () => {
      const record = await ctx.deps.reports.get(id);
      return record ? reportView(ctx.deps.reports, record) : null;
    });
    const report = known.value;
    if (!report) throw notFound(`report "${id}"`);
    return sendPage(ctx, reply, 'report', { title: `Report ${id}`, nav: 'reports', report, periodText: periodIn(report.period) }, known);
  });
}
