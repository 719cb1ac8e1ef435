/**
 * Report forecasts with the fit cache across reports of different resolutions: a daily report (5-minute
 * charts, fitted on the week before) and a weekly one (30-minute charts) keep separate fits of the same
 * series, so each starts from its own last fit instead of throwing the other's away.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFitCache, fromWarmStart, type ForecastInput, type ForecastResult } from '../../../src/analyze/index.js';
import { createRuntime } from '../../../src/app/create-deps.js';
import { buildReportModel } from '../../../src/report/model/build-report-model.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const prefix = testPrefix();
const hosts = ['sim-001', 'sim-002'];
const config = testConfig({ prefix, raw: { reports: { daily: { period: 'day', hosts }, weekly: { period: 'week', hosts } } } });
const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });

afterAll(async () => {
  await rt.close();
  await cleanupPrefix(prefix);
});

describe('report forecasts across daily and weekly reports', () => {
  it('warm-start every series in the next report of each kind, and see the daily cycle on weekly charts', async () => {
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 2,
      days: 9,
      seed: 3,
      stepMs: 5 * 60_000,
      now: NOW,
    });
    const cache = createFitCache();
    const run = async (name: string): Promise<Array<{ input: ForecastInput; result: ForecastResult }>> => {
      const seen: Array<{ input: ForecastInput; result: ForecastResult }> = [];
      const forecaster = {
        forecast: async (input: ForecastInput) => {
          const result = await rt.deps.forecaster.forecast(input);
          seen.push({ input, result });
          return result;
        },
      };
      const request = buildReportRequest({ config, name, trigger: 'adhoc', at: NOW });
      await buildReportModel({
        request,
        store: rt.deps.store,
        hosts: rt.deps.hosts,
        strings: rt.deps.templates.strings('en'),
        now: NOW,
        cache,
        forecaster,
        checks: rt.deps.checkState,
        alerts: rt.deps.alertReader,
      });
      return seen;
    };
    const firstDaily = await run('daily');
    const firstWeekly = await run('weekly');
    expect(firstDaily.length).toBeGreaterThanOrEqual(2 * hosts.length);
    expect(firstDaily.some((s) => !fromWarmStart(s.result.selection.strategy))).toBe(true);
    // 30-minute weekly charts: a day is 48 steps, and the forecast knows it. A daily report's 5-minute
    // chart is fitted on the week before it, so its forecast carries the daily cycle too.
    expect(firstWeekly.some((s) => s.result.season === 48)).toBe(true);
    expect(firstDaily.filter((s) => s.result.season === 288).length).toBeGreaterThanOrEqual(hosts.length);
    for (const s of firstDaily.filter((x) => x.result.season === 288)) expect(s.input.horizon).toBe(43);
    for (const next of [await run('daily'), await run('weekly')]) {
      expect(next.length).toBeGreaterThanOrEqual(2 * hosts.length);
      for (const s of next) expect(fromWarmStart(s.result.selection.strategy)).toBe(true);
    }
  });
});
