import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { logSamples, newTemplateSamples } from '../../../src/alert/log-source.js';
import { ZRule, type RuleConfig } from '../../../src/config/alerts-schema.js';
import { templateId } from '../../../src/logs/mining/template-id.js';
import { createRedisLogRepo, type LogRepo } from '../../../src/logs/store/index.js';
import { logBatch } from '../../utils/log-batches.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const OOM = 'Out of memory: Killed process <*> (<*>)';
const OOM2 = 'oom-kill: constraint=<*> task=<*>';
const SEG = 'segfault at <*> ip <*> in <*>';
const NOISE = 'Connection closed by <*>';

type LogRule = Extract<RuleConfig, { type: 'log' }>;
type NewTemplateRule = Extract<RuleConfig, { type: 'new-template' }>;
const logRule = (r: Record<string, unknown>) => ZRule.parse({ name: 'r', type: 'log', ...r }) as LogRule;
const newRule = (r: Record<string, unknown>) => ZRule.parse({ name: 'r', type: 'new-template', ...r }) as NewTemplateRule;

// The samples log rules read, from a real Redis log store: what each filter counts, the window's
// edges, and when a template counts as new.
describe('log rule samples', () => {
  const redis = new Redis(TEST_REDIS_URL);
  const prefix = testPrefix();
  let logs: LogRepo;
  const now = Math.floor(Date.now() / MIN) * MIN + 30_000;
  const minute = (ago: number) => Math.floor(now / MIN) * MIN - ago * MIN;
  const since = now - 2 * DAY;

  beforeAll(async () => {
    logs = createRedisLogRepo({ redis, prefix, retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
    await logs.write(
      logBatch({
        host: 'h',
        source: 'kernel',
        since,
        lastRead: now,
        lines: [
          // Long known: first seen a day ago, logging again now.
          { template: OOM, severity: 'err', minute: minute(24 * 60), count: 1, example: 'Out of memory: Killed process 42 (java)' },
          { template: OOM, severity: 'err', minute: minute(0), count: 4 },
          { template: OOM, severity: 'err', minute: minute(5), count: 2 },
          // Just before a five-minute window that starts on the minute at or before now - 5m.
          { template: OOM, severity: 'err', minute: minute(6), count: 100 },
          { template: OOM2, severity: 'crit', minute: minute(2), count: 3, example: 'oom-kill: constraint=CONSTRAINT_NONE task=java' },
          { template: NOISE, severity: 'info', minute: minute(1), count: 50 },
          // New, err, five minutes old.
          { template: SEG, severity: 'err', minute: minute(4), count: 1, example: 'segfault at 0 ip 00007f in libc.so.6' },
        ],
      }),
    );
    await logs.write(
      logBatch({ host: 'h', source: 'app', since, lastRead: now, lines: [{ template: OOM, severity: 'warning', minute: minute(1), count: 7, source: 'app' }] }),
    );
  });
  afterAll(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('counts matching lines per host, over a window that starts on the minute', async () => {
    const [s] = await logSamples({ rule: logRule({ match: '^Out of memory|oom-kill', window: '5m', threshold: 5 }), host: 'h', logs, now });
    // 4 + 2 (kernel, OOM) + 7 (app, OOM) + 3 (OOM2); the 100 at six minutes ago are outside.
    expect(s).toMatchObject({ labels: {}, value: 16, message: '16 matching line(s) in 2 templates in the last 5m (threshold >= 5)' });
    expect(s!.log).toEqual({ templateId: templateId(OOM), template: OOM, example: 'Out of memory: Killed process 42 (java)' });
  });

  it('filters by severity, source and template id, and splits per template with by: template', async () => {
    const count = async (r: Record<string, unknown>) =>
      (await logSamples({ rule: logRule({ threshold: 1, window: '5m', ...r }), host: 'h', logs, now }))[0]?.value;
    expect(await count({ minSeverity: 'err' })).toBe(4 + 2 + 3 + 1);
    expect(await count({ minSeverity: 'crit' })).toBe(3);
    expect(await count({ template: templateId(OOM) })).toBe(13);
    expect(await count({ template: templateId(OOM), sources: ['app'] })).toBe(7);
    expect(await count({ match: 'nothing like this' })).toBe(0);
    const per = await logSamples({ rule: logRule({ minSeverity: 'err', by: 'template', threshold: 1 }), host: 'h', logs, now });
    expect(per.map((s) => [s.labels.template, s.value]).sort()).toEqual(
      [
        [templateId(OOM), 6],
        [templateId(OOM2), 3],
        [templateId(SEG), 1],
      ].sort(),
    );
  });

  it('gives an open per-template alert whose template went quiet a zero, so it resolves rather than waiting out keepFiringFor', async () => {
    const gone = templateId('a template that logged earlier');
    const per = await logSamples({
      rule: logRule({ minSeverity: 'crit', by: 'template', threshold: 1 }),
      host: 'h',
      logs,
      now,
      open: [templateId(OOM2), gone],
    });
    expect(per.map((s) => [s.labels.template, s.value])).toEqual([
      [templateId(OOM2), 3],
      [gone, 0],
    ]);
  });

  it('gives no sample for a host that never sent logs', async () => {
    expect(await logSamples({ rule: logRule({ minSeverity: 'err', threshold: 1 }), host: 'quiet-host', logs, now })).toEqual([]);
  });

  it('calls a template new within the lookback, past the baseline, at the severity; an open one goes to 0 when quiet', async () => {
    const fresh = (r: Record<string, unknown>, open: string[] = [], at = now) =>
      newTemplateSamples({ rule: newRule({ lookback: '15m', quiet: '15m', baseline: 0, ...r }), host: 'h', logs, open, now: at });
    const ids = async (r: Record<string, unknown>) =>
      (await fresh(r))
        .filter((s) => s.value === 1)
        .map((s) => s.labels.template)
        .sort();
    // OOM was first seen a day ago: not new. SEG (err) and OOM2 (crit) are.
    expect(await ids({})).toEqual([templateId(OOM2), templateId(SEG)].sort());
    expect(await ids({ minSeverity: 'crit' })).toEqual([templateId(OOM2)]);
    expect(await ids({ minSeverity: 'crit', sources: ['app'] })).toEqual([]);
    // Logs first read two days ago: a three-day baseline makes every template part of it.
    expect(await ids({ baseline: '3d' })).toEqual([]);
    const [seg] = (await fresh({})).filter((s) => s.labels.template === templateId(SEG));
    expect(seg!.log).toEqual({ templateId: templateId(SEG), template: SEG, example: 'segfault at 0 ip 00007f in libc.so.6' });
    // Twenty minutes on, SEG is neither new nor logging: its open alert reads 0 (resolves), nothing fires anew.
    const later = await fresh({}, [templateId(SEG)], now + 20 * MIN);
    expect(later.map((s) => [s.labels.template, s.value])).toEqual([[templateId(SEG), 0]]);
    expect(later[0]!.message).toBe(`template ${templateId(SEG)} quiet for 15m`);
  });
});
