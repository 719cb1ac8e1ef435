import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../../../src/collect/index.js';
import type { StatFsLike } from '../../../src/collect/disks.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { pidStatText, pidStatusText, procTree, statText, uptimeText, type ProcTree } from './proc-tree.js';

const statfs = async (): Promise<StatFsLike> => ({ bsize: 4096n, blocks: 1000n, bfree: 500n, bavail: 400n, files: 100n, ffree: 50n });
const HZ = 100;

type Proc = { pid: number; comm: string; ticks: number; startTicks: number; rssPages: number; uid: number; kernel?: boolean; state?: string };

async function writeProcs(tree: ProcTree, uptime: number, procs: Proc[]): Promise<void> {
  for (const pid of ['1', '2', '2199', '2928', '2937']) await tree.remove(`proc/${pid}`);
  await tree.write('proc/uptime', uptimeText(uptime));
  for (const p of procs) {
    await tree.write(
      `proc/${p.pid}/stat`,
      pidStatText({ pid: p.pid, comm: p.comm, utime: p.ticks, stime: 0, startTicks: p.startTicks, rssPages: p.rssPages, state: p.state }),
    );
    await tree.write(`proc/${p.pid}/status`, pidStatusText({ name: p.comm, uid: p.uid, rssKb: p.kernel ? undefined : p.rssPages * 4 }));
  }
}

/** 15 processes: pid 100+i uses (i+1) % CPU between the scans; pid 100 has the most memory. */
function fifteen(scan: 0 | 1): Proc[] {
  return Array.from({ length: 15 }, (_, i) => ({
    pid: 100 + i,
    comm: `worker ${i}`,
    ticks: 1000 + scan * (i + 1) * 10,
    startTicks: 5000,
    rssPages: (15 - i) * 1000,
    uid: [0, 106, 4242][i % 3] ?? 0,
  }));
}

describe('process probe', () => {
  let tree: ProcTree;
  let c: Collector;
  beforeEach(async () => {
    tree = await procTree();
    c = createCollector({
      logger: silentLogger(),
      procRoot: tree.procRoot,
      sysRoot: tree.sysRoot,
      etcRoot: tree.etcRoot,
      statfs,
      source: 'proc',
      slowIntervalMs: 60_000,
    });
  });
  afterEach(() => tree.cleanup());

  it('ranks the top 10 by CPU over the interval and by resident memory', async () => {
    const kthread: Proc = { pid: 2, comm: 'kthreadd', ticks: 5, startTicks: 1, rssPages: 0, uid: 0, kernel: true };
    // pid 101 exits and its pid is reused; pid 200 starts between the scans.
    const first = fifteen(0).map((p) => (p.pid === 101 ? { ...p, ticks: 10 } : p));
    await writeProcs(tree, 1000, [...first, kthread]);
    expect(await c.collect(0)).not.toHaveProperty('processes');
    const second = fifteen(1).map((p) => (p.pid === 101 ? { ...p, comm: 'reused', ticks: 240, startTicks: 1007 * HZ } : p));
    const fresh: Proc = { pid: 200, comm: 'new (job)', ticks: 300, startTicks: 1005 * HZ, rssPages: 10, uid: 106 };
    await writeProcs(tree, 1010, [...second, fresh, { ...kthread, ticks: 105 }]);
    const s = await c.collect(10_000);

    const byCpu = s.processes?.byCpu ?? [];
    expect(byCpu).toHaveLength(10);
    expect(byCpu[0]).toEqual({ pid: 200, name: 'new (job)', user: 'rabbitmq', cpuPct: 30, rssBytes: 40 * 1024 });
    expect(byCpu.map((p) => p.pid)).toEqual([200, 101, 114, 113, 112, 111, 110, 109, 2, 108]);
    // A 10% tie goes to the process holding more memory.
    expect(byCpu.find((p) => p.pid === 2)).toMatchObject({ cpuPct: 10, rssBytes: 0 });
    // The reused pid is judged on its own 2.4 s of CPU, not on the difference from the old process.
    expect(byCpu[1]).toMatchObject({ name: 'reused', cpuPct: 24 });
    expect(byCpu[2]?.cpuPct).toBeCloseTo(15, 9);

    const byMem = s.processes?.byMem ?? [];
    expect(byMem.map((p) => p.pid)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    expect(byMem[0]).toEqual({ pid: 100, name: 'worker 0', user: 'root', cpuPct: 1, rssBytes: 15_000 * 4 * 1024 });
    expect(byMem[1]).toMatchObject({ name: 'reused', cpuPct: 24 });
    // Unknown uid: its number, not a lookup per process.
    expect(byMem[2]?.user).toBe('4242');
  });

  it('averages a process missed by the previous scan over its lifetime, not the interval', async () => {
    const worker: Proc = { pid: 100, comm: 'worker', ticks: 100, startTicks: 1000, rssPages: 10, uid: 0 };
    await writeProcs(tree, 1000, [worker]);
    await c.collect(0);
    // Started at 500 s, so it existed at the first scan, which did not see it (it raced readdir).
    const missed: Proc = { pid: 300, comm: 'missed', ticks: 2550, startTicks: 500 * HZ, rssPages: 20, uid: 0 };
    await writeProcs(tree, 1010, [{ ...worker, ticks: 200 }, missed]);
    const s = await c.collect(10_000);
    // 25.5 s of CPU over its 510 s of life, rather than 255% of the 10 s interval.
    expect(s.processes?.byCpu.map((p) => [p.pid, p.cpuPct])).toEqual([
      [100, 10],
      [300, 5],
    ]);
  });

  it('starts the process baseline over after a reboot and reports on the next tick', async () => {
    const stat = (btime: number) => statText({ total: [1, 0, 1, 10, 0, 0, 0, 0], cores: [], ctxt: 1, btime });
    const seen: number[] = [];
    const ticks: Array<[number, number]> = [
      [1000, 1],
      [1010, 1],
      [30, 2],
      [40, 2],
      [50, 2],
    ];
    for (const [i, [uptime, boot]] of ticks.entries()) {
      await tree.write('proc/stat', stat(1_700_000_000 + boot * 5000));
      await writeProcs(
        tree,
        uptime,
        fifteen(i % 2 === 0 ? 0 : 1).map((p) => ({ ...p, startTicks: 100, ticks: p.ticks + uptime })),
      );
      if ((await c.collect(i * 10_000)).processes) seen.push(i);
    }
    expect(seen).toEqual([1, 3]);
  });

  it('reports processes on the slow interval only', async () => {
    const seen: number[] = [];
    for (let tick = 0; tick <= 14; tick++) {
      await writeProcs(
        tree,
        1000 + tick * 10,
        fifteen(tick % 2 === 0 ? 0 : 1).map((p) => ({ ...p, ticks: p.ticks + tick * 50 })),
      );
      const s = await c.collect(tick * 10_000);
      if (s.processes) seen.push(tick);
    }
    // Tick 0 is the baseline, tick 1 the first report, then every 60 s.
    expect(seen).toEqual([1, 7, 13]);
  });

  it('counts processes every tick, running and blocked tasks from /proc/stat, zombies on the slow probe', async () => {
    const zombie: Proc = { pid: 400, comm: 'defunct', ticks: 0, startTicks: 100, rssPages: 0, uid: 0, kernel: true, state: 'Z' };
    await writeProcs(tree, 1000, [...fifteen(0), zombie]);
    await tree.write(
      'proc/stat',
      `${statText({ total: [1, 0, 1, 10, 0, 0, 0, 0], cores: [], ctxt: 1, btime: 1_700_000_000 })}`
        .replace('procs_running 1', 'procs_running 3')
        .replace('procs_blocked 0', 'procs_blocked 2'),
    );
    const first = await c.collect(0);
    expect(first.procs).toEqual({ total: 16, running: 3, blocked: 2, zombie: 1 });
    // The next tick is the first process report: a scan, so zombies are counted again.
    await tree.remove('proc/400');
    await writeProcs(tree, 1010, fifteen(1));
    expect((await c.collect(10_000)).procs).toEqual({ total: 15, running: 3, blocked: 2, zombie: 0 });
    // A fast tick: the count follows /proc at once; zombies wait for the next slow scan.
    await tree.remove('proc/100');
    await tree.write('proc/uptime', uptimeText(1020));
    expect((await c.collect(20_000)).procs).toEqual({ total: 14, running: 3, blocked: 2 });
  });
});
