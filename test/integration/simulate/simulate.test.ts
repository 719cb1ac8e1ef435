import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

const NOW = Date.UTC(2026, 10, 20, 12);

async function fleet(seed: number): Promise<{ rt: AppRuntime; prefix: string }> {
  const prefix = testPrefix();
  const rt = createRuntime({ config: testConfig({ prefix }), log: silentLogger(), redisUrl: TEST_REDIS_URL });
  await simulateFleet({
    store: rt.deps.store,
    hosts: rt.deps.hosts,
    checks: rt.deps.checkStore,
    alerts: rt.deps.alertStore,
    count: 10,
    days: 3,
    seed,
    stepMs: 10 * 60_000,
    now: NOW,
  });
  return { rt, prefix };
}

describe('checkup simulate', () => {
  const made: Array<{ rt: AppRuntime; prefix: string }> = [];
  afterAll(async () => {
    for (const m of made) {
      await m.rt.close();
      await cleanupPrefix(m.prefix);
    }
  });

  it('is deterministic for a seed, different for another, and has every behaviour', async () => {
    made.push(await fleet(11), await fleet(11), await fleet(12));
    const read = async (m: { rt: AppRuntime }, host: string, metric: string) =>
      (await m.rt.deps.store.range({ host, metric, from: NOW - 3 * 86_400_000, to: NOW, step: 3_600_000 })).map((s) => ({
        labels: s.id.labels,
        v: s.points.map((p) => p.v),
      }));
    const [a, b, c] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    expect(await read(a, 'sim-003', 'cpu.total')).toEqual(await read(b, 'sim-003', 'cpu.total'));
    expect(await read(a, 'sim-001', 'disk.used_pct')).toEqual(await read(b, 'sim-001', 'disk.used_pct'));
    expect(await read(a, 'sim-003', 'cpu.total')).not.toEqual(await read(c, 'sim-003', 'cpu.total'));

    const host = await a.rt.deps.hosts.get('sim-001');
    expect(host?.simulated).toBe(true);
    // sim-010 goes silent for a while: a gap, not zeros.
    const silent = (await read(a, 'sim-010', 'mem.used_pct'))[0]!.v;
    expect(silent.some((v) => v === null)).toBe(true);
    expect(silent.filter((v) => v !== null).every((v) => v! > 0)).toBe(true);
    // sim-004 runs a flapping service with real check history.
    const avail = await a.rt.deps.checkState.availability({ host: 'sim-004', from: NOW - 3 * 86_400_000, to: NOW });
    expect(avail[0]?.check).toBe('sim-service');
    expect(avail[0]!.incidents.length).toBeGreaterThan(3);
    expect(avail[0]!.availabilityPct).toBeLessThan(100);
    // What real agents collect besides CPU, memory and disks: swap (not on every third host), disk IO
    // per device, network per interface, with a backup NIC and an idle ifb0 on some hosts.
    const labels = async (host: string, metric: string) =>
      (await read(a, host, metric)).filter((x) => x.v.some((v) => v !== null)).map((x) => Object.values(x.labels).join());
    expect(await labels('sim-001', 'swap.used')).toEqual(['']);
    expect(await labels('sim-003', 'swap.used')).toEqual([]);
    for (const m of ['diskio.read_bps', 'diskio.write_bps', 'diskio.read_iops', 'diskio.write_iops', 'diskio.busy_pct'])
      expect(await labels('sim-001', m)).toEqual(['sda', 'sdb']);
    expect(await labels('sim-001', 'net.rx_bps')).toEqual(['eth0', 'eth1', 'ifb0']);
    expect(await labels('sim-002', 'net.tx_bps')).toEqual(['eth0']);
    expect((await read(a, 'sim-001', 'net.rx_bps')).find((x) => x.labels.iface === 'ifb0')!.v.every((v) => v === 0)).toBe(true);
    // The flapping service is restarted by its agent and raises alerts, as a configured one would.
    expect((await a.rt.deps.checkState.restarts({ host: 'sim-004', from: NOW - 3 * 86_400_000, to: NOW })).length).toBe(avail[0]!.incidents.length);
    expect((await a.rt.deps.alertReader.history({ host: 'sim-004', from: NOW - 3 * 86_400_000, to: NOW })).filter((x) => x.firedAt !== null).length).toBe(
      avail[0]!.incidents.length,
    );
    // sim-001 fills /var; sim-002 has a cleanup on /data (a level shift down).
    const data = (await read(a, 'sim-002', 'disk.used_pct')).find((s) => s.labels.mount === '/data')!.v.filter((v): v is number => v !== null);
    expect(Math.min(...data.slice(1).map((v, i) => v - data[i]!))).toBeLessThan(-10);
  });
});
