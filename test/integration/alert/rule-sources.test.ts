import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../../src/alert/evaluate.js';
import { createCollector, type Snapshot } from '../../../src/collect/index.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { createRedisSeriesStore } from '../../../src/store/index.js';
import { startStack, type Stack } from './helpers/stack.js';

const MIN = 60_000;
const HOUR = 3_600_000;

// Evaluations driven directly with a chosen clock, against real snapshots and a real series store.
describe('alert rules on metrics, forecasts, silences and maintenance', () => {
  let stack: Stack;
  let snapshot: Snapshot;
  const t0 = Math.floor(Date.now() / MIN) * MIN;

  beforeAll(async () => {
    stack = await startStack({
      host: 'node-1',
      alerts: {
        groupWait: 0,
        rules: [
          {
            name: 'mem-high',
            type: 'metric',
            metric: 'mem.used_pct',
            op: '>',
            threshold: 90,
            resolve: 80,
            staleAfter: '1m',
            keepFiringFor: '2m',
            hosts: ['node-1', 'node-2'],
          },
          {
            name: 'disk-filling',
            type: 'forecast',
            metric: 'disk.used_pct',
            threshold: 90,
            within: '3d',
            lookback: '2d',
            step: '1h',
            every: '15m',
            severity: 'critical',
          },
        ],
        channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/never-called' } },
        maintenance: [{ name: 'nightly', hosts: ['node-2'], from: new Date(t0 - HOUR).toISOString(), to: new Date(t0 + HOUR).toISOString() }],
      },
    });
    const collector = createCollector({ logger: silentLogger(), host: 'node-1' });
    snapshot = await collector.collect();
    await collector.close();
  });

  afterAll(async () => {
    await stack?.close();
  });

  const at = (host: string, usedPct: number, t: number) => stack.deps.hosts.recordSnapshot({ ...snapshot, host, t, mem: { ...snapshot.mem, usedPct } });
  const evaluate = (now: number) => evaluateAlerts({ deps: stack.deps, now });
  const active = async () => (await stack.deps.alertReader.active()).map((a) => `${a.rule}/${a.host}:${a.status}`);

  it('fires on the snapshot value, holds between the levels and across a short gap, resolves below resolve', async () => {
    await at('node-1', 95, t0);
    expect(await evaluate(t0)).toMatchObject({ fired: 1, notifications: [expect.any(String)] });
    await at('node-1', 85, t0 + 10_000);
    expect(await evaluate(t0 + 10_000)).toMatchObject({ fired: 0, resolved: 0, notifications: [] });
    // No new snapshot for 100 s: stale after 60 s, but it keeps firing for 2 m.
    expect(await evaluate(t0 + 110_000)).toMatchObject({ resolved: 0 });
    expect(await active()).toEqual(['mem-high/node-1:firing']);
    await at('node-1', 75, t0 + 120_000);
    expect(await evaluate(t0 + 120_000)).toMatchObject({ resolved: 1, notifications: [expect.any(String)] });
    expect(await active()).toEqual([]);
  });

  it('forecasts a filling disk with the real engine and leaves a flat one alone', async () => {
    const store = createRedisSeriesStore({
      redis: stack.redis,
      prefix: stack.prefix,
      retention: { rawMs: 10 * 86_400_000, minuteMs: 35 * 86_400_000, hourMs: 400 * 86_400_000 },
    });
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const points = [];
    for (let h = 47; h >= 0; h--) {
      const t = now - h * HOUR;
      // /data grows 0.5 points an hour (reaching 90 about 9 h from now); /srv wobbles around 40.
      points.push({ metric: 'disk.used_pct', labels: { mount: '/data' }, t, v: 85.5 - h * 0.5 + (h % 3) * 0.05 });
      points.push({ metric: 'disk.used_pct', labels: { mount: '/srv' }, t, v: 40 + ((h * 7) % 5) * 0.1 });
    }
    await store.append('node-3', points);
    await stack.deps.hosts.recordSnapshot({ ...snapshot, host: 'node-3', t: now });
    const out = await evaluateAlerts({ deps: { ...stack.deps, store }, now: now + 1_000 });
    expect(out.fired).toBe(1);
    const alerts = await stack.deps.alertReader.active();
    const disk = alerts.filter((a) => a.rule === 'disk-filling');
    expect(disk.map((a) => [a.host, a.labels.mount, a.severity])).toEqual([['node-3', '/data', 'critical']]);
    expect(disk[0]!.message).toMatch(/^disk\.used_pct\{mount=\/data\} forecast to reach 90 in ~\d+h/);
    expect(disk[0]!.value).toBeGreaterThan(2 * HOUR);
    expect(disk[0]!.value).toBeLessThan(24 * HOUR);

    // An hour later, one sample more: the evaluation starts from the fit it kept, and the time left shrinks.
    await store.append('node-3', [
      { metric: 'disk.used_pct', labels: { mount: '/data' }, t: now + HOUR, v: 86 },
      { metric: 'disk.used_pct', labels: { mount: '/srv' }, t: now + HOUR, v: 40.2 },
    ]);
    await stack.deps.hosts.recordSnapshot({ ...snapshot, host: 'node-3', t: now + HOUR });
    await evaluateAlerts({ deps: { ...stack.deps, store }, now: now + HOUR + 1_000 });
    const later = (await stack.deps.alertReader.active()).filter((a) => a.rule === 'disk-filling');
    expect(later.map((a) => a.labels.mount)).toEqual(['/data']);
    expect(later[0]!.value).toBeLessThan(disk[0]!.value as number);
    expect(later[0]!.value).toBeGreaterThan((disk[0]!.value as number) - 3 * HOUR);
  });

  it('mutes alerts in a maintenance window or under a silence, and logs them as silenced', async () => {
    const t = Date.now();
    const reader = stack.deps.alertReader;
    // node-2 is in the "nightly" window: the alert fires but nobody is told.
    await at('node-2', 99, t);
    expect(await evaluate(t)).toMatchObject({ fired: 1, notifications: [] });
    expect(await reader.notifications({ from: t - 1, to: t + 1 })).toMatchObject([
      { outcome: 'silenced', host: 'node-2', alerts: ['mem-high/node-2'], error: 'maintenance window nightly' },
    ]);
    // A silence on node-1 and rule mem-high does the same at run time.
    const silences = stack.deps.silences;
    const s = await silences.add(
      {
        matchers: [
          { name: 'host', op: '=', value: 'node-1' },
          { name: 'rule', op: '=~', value: 'mem-.*' },
        ],
        from: t,
        to: t + 60_000,
        comment: 'load test',
        createdBy: 'ops',
      },
      t,
    );
    await at('node-1', 97, t + 1_000);
    expect(await evaluate(t + 1_000)).toMatchObject({ fired: 1, notifications: [] });
    expect(await reader.notifications({ from: t + 1_000, to: t + 1_000 })).toMatchObject([
      { outcome: 'silenced', host: 'node-1', alerts: ['mem-high/node-1'], error: `silenced (${s.id}: load test)`, silence: s.id },
    ]);
    // Lifted while it still fires: now it is announced, once.
    await silences.expire(s.id, { by: 'ops', now: t + 1_500 });
    expect((await evaluate(t + 2_000)).notifications).toHaveLength(1);
    expect((await evaluate(t + 3_000)).notifications).toHaveLength(0);
  });
});
