/**
 * A weekly report's CPU chart draws the weekly shape ahead: fitted on four weeks at the chart's 30-minute
 * step, the forecast finds the weekly cycle beside the daily one, and a report ending on a Friday night
 * forecasts Saturday at the weekend's level, not a weekday's. Simulated hosts (`checkup simulate`'s
 * generator) run their weekends at 40-80% of weekdays' CPU.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFitCache, type ForecastInput, type ForecastResult } from '../../../src/analyze/index.js';
import { createRuntime } from '../../../src/app/create-deps.js';
import { buildReportModel } from '../../../src/report/model/build-report-model.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// The latest Saturday 00:00 UTC: the store picks tiers by the real clock, so four weeks back must lie
// within the minute tier's 35 days.
const NOW = (() => {
  const today = Math.floor(Date.now() / DAY) * DAY;
  return today - ((new Date(today).getUTCDay() + 1) % 7) * DAY;
})();
const prefix = testPrefix();
const hosts = ['sim-001', 'sim-002'];
const config = testConfig({ prefix, raw: { reports: { weekly: { period: 'week', hosts } } } });
const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });

afterAll(async () => {
  await rt.close();
  await cleanupPrefix(prefix);
});

/** Mean of the values (or forecast means) whose timestamps fall between 10:00 and 18:00 UTC of the day starting at dayStart. */
function daytime(points: Array<{ t: number; v: number | null }>, dayStart: number): number {
  const xs = points.filter((p) => p.t >= dayStart + 10 * HOUR && p.t < dayStart + 18 * HOUR && p.v !== null).map((p) => p.v as number);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('weekly report forecasts', () => {
  it('draw the weekend ahead on the CPU chart', async () => {
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 2,
      days: 29,
      seed: 5,
      stepMs: 30 * 60_000,
      now: NOW,
    });
    const seen: Array<{ input: ForecastInput; result: ForecastResult }> = [];
    const forecaster = {
      forecast: async (input: ForecastInput) => {
        const result = await rt.deps.forecaster.forecast(input);
        seen.push({ input, result });
        return result;
      },
    };
    const request = buildReportRequest({ config, name: 'weekly', trigger: 'adhoc', at: NOW });
    await buildReportModel({
      request,
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      strings: rt.deps.templates.strings('en'),
      now: NOW,
      cache: createFitCache(),
      forecaster,
      checks: rt.deps.checkState,
      alerts: rt.deps.alertReader,
    });
    // Charts at 30 minutes, fitted on four weeks: the week is found beside the day.
    const weekly = seen.filter((s) => s.result.seasons.includes(336));
    expect(weekly.length).toBeGreaterThanOrEqual(hosts.length);
    let dips = 0;
    for (const { input, result } of weekly) {
      expect(input.values.length).toBeGreaterThanOrEqual(4 * 336 - 2);
      const history = Array.from(input.values, (v, i) => ({ t: input.timestamps?.[i] as number, v }));
      const friday = daytime(history, NOW - DAY);
      const lastSaturday = daytime(history, NOW - 7 * DAY);
      // Series with a weekend dip in their history (CPU; memory has none) carry it into Saturday's forecast.
      if (!(lastSaturday < 0.85 * friday)) continue;
      dips++;
      const saturday = daytime(
        result.forecast.map((p) => ({ t: p.timestamp as number, v: p.mean })),
        NOW,
      );
      expect(saturday).toBeLessThan(0.9 * friday);
    }
    expect(dips).toBeGreaterThanOrEqual(hosts.length);
  });
});
