import { describe, expect, it } from 'vitest';
import { decide, liveRecords } from '../../../src/alert/decide.js';
import { evaluateRules } from '../../../src/alert/evaluate-rules.js';
import type { GroupState } from '../../../src/alert/grouping.js';
import { forChannel, type Notification } from '../../../src/alert/notification.js';
import type { AlertRecord } from '../../../src/alert/rule-state.js';
import { initialState, type CheckState } from '../../../src/checks/check-state.js';
import type { CheckStatus } from '../../../src/checks/types.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';
import { ZAlertsConfig, type AlertsConfig } from '../../../src/config/alerts-schema.js';
import type { HostRecord } from '../../../src/fleet/host-repo.js';

const STEP = 1_000;

/** Deterministic: every run replays the same world. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

function snapshot(host: string, t: number, mem: number, cpu: number): Snapshot {
  return {
    host,
    t,
    cpu: { user: cpu, system: 0, iowait: 0, steal: 0, idle: 100 - cpu, total: cpu },
    load: { l1: 0, l5: 0, l15: 0 },
    mem: { totalBytes: 100, usedBytes: mem, availableBytes: 100 - mem, cachedBytes: 0, usedPct: mem },
    swap: { totalBytes: 0, usedBytes: 0 },
    disks: [],
  };
}

function config(o: { groupWait: number; withCpu: boolean }): AlertsConfig {
  const rules: unknown[] = [
    { name: 'mem-high', type: 'metric', metric: 'mem.used_pct', op: '>', threshold: 12, resolve: 7, staleAfter: 2 * STEP, keepFiringFor: 3 * STEP },
    { name: 'port-closed', type: 'check', check: 'port', severity: 'critical', keepFiringFor: 3 * STEP },
  ];
  if (o.withCpu)
    rules.push({
      name: 'cpu-high',
      type: 'metric',
      metric: 'cpu.total',
      threshold: 50,
      resolve: 40,
      for: 2 * STEP,
      staleAfter: 2 * STEP,
      keepFiringFor: 3 * STEP,
      channels: ['hook'],
    });
  return ZAlertsConfig.parse({
    groupWait: o.groupWait,
    repeatInterval: 60 * STEP, // the shortest repeat the config allows (1m)
    rules,
    channels: { mail: { type: 'email', to: ['ops@example.test'] }, hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook', minSeverity: 'warning' } },
  });
}

type World = { latest: Map<string, Snapshot>; checks: Map<string, Map<string, CheckState>>; hosts: string[] };

/**
 * The whole decision of each evaluation (evaluateRules + decide, the code evaluateAlerts runs
 * between its reads and its commit) over a random world: values crossing both levels, a port
 * going up and down, a host that stops reporting and one that vanishes, a rule removed and put
 * back, silences coming and going, groupWait above the evaluation step.
 */
async function simulate(seed: number, groupWait: number) {
  const rnd = prng(seed);
  const world: World = { latest: new Map(), checks: new Map(), hosts: ['h1', 'h2', 'h3'] };
  let records = new Map<string, AlertRecord>();
  let groups = new Map<string, GroupState>();
  const told = new Map<string, string[]>(); // `${channel} ${key}` → sequence
  const repeatsOfSilent: string[] = [];
  const push = (ch: string, key: string, what: string) => told.set(`${ch} ${key}`, [...(told.get(`${ch} ${key}`) ?? []), what]);
  const lastOf = (ch: string, key: string) => told.get(`${ch} ${key}`)?.at(-1);
  const level = (levels: number[]) => levels[Math.floor(rnd() * levels.length)]!;
  let mem = new Map<string, number>();
  let cpu = new Map<string, number>();
  let mutedHost: string | null = null;
  let withCpu = true;

  const evaluate = async (now: number, quiet: boolean) => {
    const cfg = config({ groupWait, withCpu });
    const inputs = {
      alerts: cfg,
      hosts: { get: async (h: string) => ({ id: h, latest: world.latest.get(h) ?? null, tags: [] }) as unknown as HostRecord },
      store: { range: async () => [] },
      checks: { states: async (h: string) => world.checks.get(h) ?? new Map<string, CheckState>(), segments: async () => [] },
      alertStore: { cachedForecast: async () => null, cacheForecast: async () => undefined },
    };
    const stepped = await evaluateRules({ inputs, hosts: world.hosts, records: liveRecords(records), now });
    const muted = (a: { host: string }) => (!quiet && a.host === mutedHost ? `silenced (s-${mutedHost})` : null);
    const out = decide({ records, stepped, groups, muted, cfg, now });
    expect(out.lost).toEqual([]);
    records = out.next;
    groups = new Map(out.groups.map((g) => [g.host, g]));
    for (const n of out.notifications) record(n);
    for (const e of out.log.filter((l) => l.kind === 'resolved')) {
      for (const ch of ['mail', 'hook']) if (lastOf(ch, e.alerts[0]!) === 'firing') push(ch, e.alerts[0]!, 'resolved (silenced)');
    }
  };
  const record = (n: Notification) => {
    for (const ch of Object.keys(n.routes)) {
      const m = forChannel(n, ch);
      for (const a of m.firing) push(ch, a.key, 'firing');
      for (const a of m.resolved) push(ch, a.key, 'resolved');
      if (n.kind === 'repeat') for (const a of m.active) if (lastOf(ch, a.key) !== 'firing') repeatsOfSilent.push(`${ch} ${a.key}`);
    }
  };

  for (let i = 0; i < 600; i++) {
    const now = 1_000_000 + i * STEP;
    const quiet = i >= 560;
    if (i % 3 === 0) {
      mem = new Map(world.hosts.map((h) => [h, quiet ? 5 : level([5, 10, 20])]));
      cpu = new Map(world.hosts.map((h) => [h, quiet ? 10 : level([30, 45, 60])]));
    }
    // h2 stops reporting now and then (stale data, then keepFiringFor runs out); h3 vanishes for good at 300.
    const silentH2 = !quiet && i % 97 > 80;
    if (i === 300) world.hosts = ['h1', 'h2'];
    for (const h of world.hosts) {
      if (h === 'h2' && silentH2) continue;
      world.latest.set(h, snapshot(h, now, mem.get(h) ?? 5, cpu.get(h) ?? 10));
      const port = world.checks.get(h)?.get('port') ?? initialState('port', STEP);
      const status: CheckStatus = quiet || rnd() < 0.8 ? 'ok' : 'fail';
      const latest = { host: h, check: 'port', kind: 'tcp' as const, status, latencyMs: 1, message: `port ${status}`, t: now };
      world.checks.set(h, new Map([['port', { ...port, status, lastRunAt: now, latest }]]));
    }
    if (i === 300) {
      world.latest.delete('h3');
      world.checks.delete('h3');
    }
    if (i % 50 === 0) mutedHost = rnd() < 0.5 ? 'h1' : null;
    withCpu = quiet || i % 120 < 100;
    await evaluate(now, quiet);
  }
  return { told, repeatsOfSilent, records, groups };
}

describe('what receivers are told, over a random world', () => {
  for (const [seed, groupWait] of [
    [1, 2_500],
    [2, 2_500],
    [3, 0],
    [4, 5_500],
  ] as const) {
    it(`alternates FIRING and RESOLVED per channel and alert, and closes everything (seed ${seed}, groupWait ${groupWait} ms)`, async () => {
      const { told, repeatsOfSilent, records, groups } = await simulate(seed, groupWait);
      const broken = [...told].filter(([, seq]) => seq.some((s, i) => (i % 2 === 0 ? s !== 'firing' : !s.startsWith('resolved'))));
      expect(broken).toEqual([]);
      const open = [...told].filter(([, seq]) => seq.at(-1) === 'firing');
      expect(open).toEqual([]);
      expect(repeatsOfSilent).toEqual([]);
      // The world really moved: many alerts fired and resolved, on both channels.
      const announced = [...told.values()].reduce((n, s) => n + s.length, 0);
      expect(announced).toBeGreaterThan(40);
      expect([...told.keys()].some((k) => k.startsWith('hook cpu-high/'))).toBe(true);
      expect([...told.keys()].some((k) => k.startsWith('mail cpu-high/'))).toBe(false);
      expect([...records.values()].filter((r) => r.instance.status === 'firing')).toEqual([]);
      expect([...groups.values()].flatMap((g) => Object.keys(g.notified))).toEqual([]);
    });
  }
});
