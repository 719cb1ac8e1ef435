import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../../../src/collect/index.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';
import type { StatFsLike } from '../../../src/collect/disks.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { diskstatsText, netDevText, procTree, statText, uptimeText, type Jiffies, type ProcTree } from './proc-tree.js';

const statfs = async (): Promise<StatFsLike> => ({ bsize: 4096n, blocks: 1000n, bfree: 500n, bavail: 400n, files: 100n, ffree: 50n });

type State = {
  uptime: number;
  btime: number;
  cpu: Jiffies;
  ctxt: number;
  rx: number;
  rxPackets: number;
  rxErrors?: number;
  tx?: number;
  reads: number;
  sectors: number;
  ticks: number;
};

async function writeState(tree: ProcTree, s: State): Promise<void> {
  const half = s.cpu.map((v) => v / 2) as Jiffies;
  await tree.write('proc/stat', statText({ total: s.cpu, cores: [half, half], ctxt: s.ctxt, btime: s.btime }));
  await tree.write('proc/uptime', uptimeText(s.uptime));
  await tree.write(
    'proc/net/dev',
    netDevText([
      { iface: 'lo', rxBytes: s.rx * 3, rxPackets: s.rxPackets, txBytes: s.rx * 3, txPackets: s.rxPackets },
      { iface: 'eth0', rxBytes: s.rx, rxPackets: s.rxPackets, rxErrors: s.rxErrors ?? 0, txBytes: s.tx ?? s.rx / 2, txPackets: s.rxPackets / 2 },
    ]),
  );
  await tree.write(
    'proc/diskstats',
    diskstatsText([{ device: 'vda', reads: s.reads, readSectors: s.sectors, writes: s.reads / 2, writeSectors: s.sectors / 2, ioTicksMs: s.ticks }]),
  );
}

/** Every number in a snapshot's rate parts, to assert none is negative or absurd. */
function rateValues(s: Snapshot): number[] {
  const parts = [s.cpu, ...(s.cores ?? []), ...(s.diskIo ?? []), ...(s.net ?? [])];
  return [...parts.flatMap((p) => Object.values(p ?? {}).filter((v): v is number => typeof v === 'number')), s.contextSwitchesPerSec ?? 0];
}

const T0: State = {
  uptime: 1000,
  btime: 1_700_000_000,
  cpu: [1000, 0, 500, 8000, 100, 0, 0, 0],
  ctxt: 100_000,
  rx: 1_000_000,
  rxPackets: 5000,
  reads: 10_000,
  sectors: 400_000,
  ticks: 50_000,
};
const T1: State = {
  ...T0,
  uptime: 1010,
  cpu: [1300, 0, 600, 9500, 150, 0, 0, 50],
  ctxt: 150_000,
  rx: 11_000_000,
  rxPackets: 15_000,
  rxErrors: 20,
  reads: 11_000,
  sectors: 420_480,
  ticks: 52_500,
};

describe('collector rates over fixture trees', () => {
  let tree: ProcTree;
  let c: Collector;
  beforeEach(async () => {
    tree = await procTree();
    c = createCollector({ logger: silentLogger(), procRoot: tree.procRoot, sysRoot: tree.sysRoot, etcRoot: tree.etcRoot, statfs, source: 'proc' });
  });
  afterEach(() => tree.cleanup());

  it('has no rates on the first snapshot, then exact rates over the interval', async () => {
    await writeState(tree, T0);
    const first = await c.collect(1_000_000);
    expect(first).not.toHaveProperty('cpu');
    expect(first).not.toHaveProperty('cores');
    expect(first).not.toHaveProperty('contextSwitchesPerSec');
    expect(first).not.toHaveProperty('diskIo');
    expect(first).not.toHaveProperty('net');
    expect(first).toMatchObject({ host: 'vm', t: 1_000_000, uptimeSec: 1000 });
    expect(first.disks).toEqual([expect.objectContaining({ mount: '/', device: '/dev/vda', fstype: 'ext4', usedPct: (500 / 900) * 100, inodesUsedPct: 50 })]);

    await writeState(tree, T1);
    const s = await c.collect(1_010_000);
    // deltas: user 300, system 100, idle 1500, iowait 50, steal 50 = 2000 jiffies
    expect(s.cpu).toEqual({ user: 15, system: 5, iowait: 2.5, steal: 2.5, idle: 75, total: 22.5 });
    expect(s.cores?.map((x) => [x.core, x.total])).toEqual([
      [0, 22.5],
      [1, 22.5],
    ]);
    expect(s.contextSwitchesPerSec).toBe(5000);
    expect(s.net).toEqual([{ iface: 'eth0', rxBps: 1_000_000, txBps: 500_000, rxPps: 1000, txPps: 500, rxErrors: 2, txErrors: 0, rxDrops: 0, txDrops: 0 }]);
    expect(s.diskIo).toEqual([{ device: 'vda', readBps: (20_480 * 512) / 10, writeBps: (10_240 * 512) / 10, readIops: 100, writeIops: 50, busyPct: 25 }]);
  });

  it('drops rates across a faked reboot, then is sane again', async () => {
    await writeState(tree, T0);
    await c.collect(1_000_000);
    await writeState(tree, T1);
    expect((await c.collect(1_010_000)).cpu?.total).toBe(22.5);

    // Reboot: new btime, uptime back to 30 s, every counter small again.
    const boot: State = {
      uptime: 30,
      btime: 1_700_000_990,
      cpu: [200, 0, 100, 5000, 10, 0, 0, 0],
      ctxt: 3000,
      rx: 20_000,
      rxPackets: 100,
      reads: 500,
      sectors: 9000,
      ticks: 800,
    };
    const rebootSnap = await writeState(tree, boot).then(() => c.collect(1_020_000));
    for (const key of ['cpu', 'cores', 'contextSwitchesPerSec', 'diskIo', 'net'] as const) expect(rebootSnap).not.toHaveProperty(key);
    expect(rebootSnap.mem.totalBytes).toBeGreaterThan(0);

    const after: State = {
      ...boot,
      uptime: 40,
      cpu: [400, 0, 200, 6700, 10, 0, 0, 0],
      ctxt: 8000,
      rx: 1_020_000,
      rxPackets: 1100,
      reads: 600,
      sectors: 10_000,
      ticks: 1800,
    };
    await writeState(tree, after);
    const s = await c.collect(1_030_000);
    expect(s.cpu).toEqual({ user: 10, system: 5, iowait: 0, steal: 0, idle: 85, total: 15 });
    expect(s.contextSwitchesPerSec).toBe(500);
    expect(s.net?.[0]?.rxBps).toBe(100_000);
    expect(s.diskIo?.[0]?.busyPct).toBe(10);
    expect(rateValues(s).every((v) => v >= 0 && v <= 1e9)).toBe(true);
  });

  it('drops only what went backwards when btime and uptime give no reboot away', async () => {
    await writeState(tree, T0);
    await c.collect(1_000_000);
    // Counters of eth0, vda and the CPU restart (a container with a private /proc, a driver reload).
    await writeState(tree, { ...T1, cpu: [10, 0, 5, 80, 1, 0, 0, 0], ctxt: 10, rx: 5000, rxPackets: 50, reads: 5, sectors: 40, ticks: 3 });
    const s = await c.collect(1_010_000);
    for (const key of ['cpu', 'cores', 'contextSwitchesPerSec'] as const) expect(s).not.toHaveProperty(key);
    expect(s.net).toEqual([]);
    expect(s.diskIo).toEqual([]);
    await writeState(tree, {
      ...T1,
      uptime: 1020,
      cpu: [110, 0, 5, 980, 1, 0, 0, 0],
      ctxt: 1010,
      rx: 15_000,
      rxPackets: 150,
      reads: 15,
      sectors: 60,
      ticks: 503,
    });
    const next = await c.collect(1_020_000);
    expect(next.cpu?.total).toBe(10);
    expect(next.net?.[0]?.rxBps).toBe(1000);
    expect(next.diskIo?.[0]?.busyPct).toBe(5);
  });

  it('unwraps a 32-bit rx counter instead of calling it a reset', async () => {
    await writeState(tree, { ...T0, rx: 2 ** 32 - 500_000, tx: 7000 });
    await c.collect(1_000_000);
    await writeState(tree, { ...T1, rx: 500_000, tx: 9000 });
    const s = await c.collect(1_010_000);
    expect(s.net?.[0]).toMatchObject({ iface: 'eth0', rxBps: 100_000, rxPps: 1000, txBps: 200 });
  });

  it('keeps the baseline when called again too soon, rather than dividing by ~0', async () => {
    await writeState(tree, T0);
    await c.collect(1_000_000);
    // 50 ms later (under the 100 ms floor) with counters already moving.
    await writeState(tree, { ...T0, uptime: 1000.05, cpu: [1010, 0, 500, 8000, 100, 0, 0, 0], rx: 1_050_000 });
    const soon = await c.collect(1_000_050);
    expect(soon).not.toHaveProperty('cpu');
    expect(soon).not.toHaveProperty('net');
    await writeState(tree, T1);
    const s = await c.collect(1_010_000);
    // Measured from the first reading, over the full 10 s.
    expect(s.cpu?.total).toBe(22.5);
    expect(s.net?.[0]?.rxBps).toBe(1_000_000);
  });
});
