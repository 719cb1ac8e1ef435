import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '../../shared/duration.js';
import type { WebContext } from '../context.js';
import { badRequest, notFound } from '../http/http-error.js';
import { parseInput } from '../http/validate.js';
import { buildFleet } from '../model/fleet.js';
import { freshness } from '../outage/stale-answer.js';
import { METRIC, storedMetricProblem } from '../../metrics/index.js';

const ZTime = z
  .string()
  .max(40)
  .transform((v, c) => {
    const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    // Within Date's range: a later epoch ms is no time at all.
    if (Number.isFinite(t) && Math.abs(t) <= 8.64e15) return t;
    c.addIssue({ code: 'custom', message: 'not an ISO-8601 time or epoch ms' });
    return z.NEVER;
  });
const ZStep = z
  .string()
  .max(20)
  .transform((v, c) => {
    const ms = parseDuration(v);
    if (ms !== null && ms >= 1000) return ms;
    c.addIssue({ code: 'custom', message: 'not a duration of at least 1s (e.g. 60000, 30s, 5m)' });
    return z.NEVER;
  });
const ZSeriesQuery = z.strictObject({
  metric: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, `not a metric name (e.g. ${METRIC.cpuTotal}, ${METRIC.memUsedPct}, ${METRIC.diskUsedPct})`),
  from: ZTime.optional(),
  to: ZTime.optional(),
  step: ZStep.optional(),
});
const ZParams = z.object({ id: z.string().min(1).max(200) });
const MAX_BUCKETS = 10_000;

/** Hosts with their health, and any series of a host over a window. */
export function hostApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/hosts', async (_request, reply) => {
    const known = await ctx.live.read('fleet', () => buildFleet(ctx));
    const fleet = known.value;
    return {
      ...freshness(reply, known),
      hosts: fleet.hosts.map((h) => ({
        id: h.id,
        status: h.status,
        reasons: h.reasons.map((r) => r.text),
        simulated: h.simulated,
        tags: h.tags,
        lastSeen: h.lastSeen,
        stale: h.stale,
        info: h.info,
        latest: {
          cpuPct: h.cpuPct,
          memPct: h.memPct,
          load1: h.load1,
          load15: h.load15,
          disks: h.disks.map((d) => ({ mount: d.mount, usedPct: d.usedPct, freeBytes: d.freeBytes })),
        },
        failingChecks: h.failingChecks.map((c) => ({ check: c.check, status: c.status, message: c.message })),
        firingAlerts: h.firing.map((a) => ({ rule: a.rule, severity: a.severity, since: a.since })),
      })),
    };
  });

  app.get('/hosts/:id/series', async (request, reply) => {
    const { id } = parseInput(ZParams, request.params, 'params');
    const q = parseInput(ZSeriesQuery, request.query, 'query');
    // A name outside the catalogue would read back as an empty series, which looks like "no data yet".
    const problem = storedMetricProblem(q.metric);
    if (problem) throw badRequest('metric', problem);
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 3_600_000;
    if (!(from < to)) throw badRequest('from', 'must be before to');
    if (q.step !== undefined && (to - from) / q.step > MAX_BUCKETS) throw badRequest('step', `gives more than ${MAX_BUCKETS} buckets for this window`);
    // "The last hour" moves with the clock: keyed without its ends, so an outage still finds it.
    const key = `series:${id}:${q.metric}:${q.from ?? '-'}:${q.to ?? 'now'}:${q.step ?? '-'}`;
    const known = await ctx.live.read(key, async () => {
      if (!(await ctx.deps.hosts.list()).includes(id)) throw notFound(`host "${id}"`);
      const series = await ctx.deps.store.range({ host: id, metric: q.metric, from, to, ...(q.step !== undefined ? { step: q.step } : {}) });
      return { host: id, metric: q.metric, from, to, series: series.map((s) => ({ labels: s.id.labels, tier: s.tier, step: s.step, points: s.points })) };
    });
    return { ...freshness(reply, known), ...known.value };
  });
}
