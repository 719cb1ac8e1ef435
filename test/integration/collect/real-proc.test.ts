import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createCollector, snapshotToPoints, type Snapshot } from '../../../src/collect/index.js';
import { silentLogger } from '../../../src/shared/logger.js';

const isLinux = process.platform === 'linux';
const pct = (v: number) => v >= 0 && v <= 100;

function expectSaneBase(s: Snapshot): void {
  expect(s.mem.totalBytes).toBeGreaterThan(0);
  expect(s.mem.usedBytes).toBeGreaterThanOrEqual(0);
  expect(s.mem.usedBytes).toBeLessThanOrEqual(s.mem.totalBytes);
  expect(pct(s.mem.usedPct)).toBe(true);
  expect(s.swap.usedBytes).toBeLessThanOrEqual(s.swap.totalBytes);
  expect(s.load.l1).toBeGreaterThanOrEqual(0);
  expect(s.disks.length).toBeGreaterThan(0);
  for (const d of s.disks) {
    expect(d.usedBytes + d.freeBytes).toBeLessThanOrEqual(d.sizeBytes);
    expect(pct(d.usedPct)).toBe(true);
    if (d.inodesUsedPct !== null) expect(pct(d.inodesUsedPct)).toBe(true);
  }
}

describe.runIf(isLinux)('collector on the real /proc', () => {
  it('collects twice with sane values', async () => {
    const c = createCollector({ logger: silentLogger() });
    const first = await c.collect();
    expect(first).not.toHaveProperty('cpu');
    expectSaneBase(first);
    expect(first.disks.some((d) => d.mount === '/')).toBe(true);
    await sleep(500);
    const s = await c.collect();
    expectSaneBase(s);
    expect(s.t).toBeGreaterThan(first.t);
    expect(s.uptimeSec).toBeGreaterThan(first.uptimeSec ?? Infinity);
    const cpu = s.cpu;
    expect(cpu).toBeDefined();
    for (const v of Object.values(cpu ?? {})) expect(pct(v)).toBe(true);
    expect(cpu!.user + cpu!.system + cpu!.iowait + cpu!.steal + cpu!.idle).toBeCloseTo(100, 6);
    expect(s.cores?.length).toBeGreaterThan(0);
    for (const core of s.cores ?? []) expect(pct(core.total)).toBe(true);
    expect(s.contextSwitchesPerSec).toBeGreaterThan(0);
    for (const n of s.net ?? []) {
      expect(n.iface).not.toBe('lo');
      for (const v of Object.values(n)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
    }
    for (const d of s.diskIo ?? []) expect(pct(d.busyPct)).toBe(true);
    // The second call is the first process report (the first took the baseline).
    const procs = s.processes;
    expect(procs?.byMem.length).toBeGreaterThan(0);
    // This process is listed when it is among the largest (on a busy machine it may not be).
    const byMem = procs?.byMem ?? [];
    expect(byMem.map((p) => p.rssBytes)).toEqual([...byMem.map((p) => p.rssBytes)].sort((a, b) => b - a));
    if (process.memoryUsage().rss > 1.2 * Math.min(...byMem.map((p) => p.rssBytes))) expect(byMem.some((p) => p.pid === process.pid)).toBe(true);
    for (const p of [...(procs?.byCpu ?? []), ...(procs?.byMem ?? [])]) {
      expect(p.cpuPct).toBeGreaterThanOrEqual(0);
      expect(p.name.length).toBeGreaterThan(0);
    }
    expect(snapshotToPoints(s).some((p) => p.metric === 'cpu.total')).toBe(true);
    // Process counts: this test's own process is one of them; running counts at least this thread.
    expect(s.procs?.total).toBeGreaterThan(1);
    expect(s.procs?.running).toBeGreaterThanOrEqual(1);
    expect(s.procs?.zombie).toBeGreaterThanOrEqual(0);
    expect(snapshotToPoints(s).find((p) => p.metric === 'procs.total')?.v).toBe(s.procs?.total);

    const info = await c.hostInfo();
    expect(info.cores).toBeGreaterThan(0);
    expect(info.kernel.length).toBeGreaterThan(0);
    expect(info.os.length).toBeGreaterThan(0);

    // close() releases the kept descriptors; a later collect reopens them and keeps its rates.
    await c.close();
    await sleep(200);
    const again = await c.collect();
    expect(again.cpu && pct(again.cpu.total)).toBe(true);
    await c.close();
  });
});

describe('systeminformation fallback (as on macOS or Windows)', () => {
  it('produces a snapshot of the same shape', async () => {
    const c = createCollector({ logger: silentLogger(), source: 'systeminformation' });
    const first = await c.collect();
    expectSaneBase(first);
    expect(first).not.toHaveProperty('cpu');
    expect(first.processes?.byMem.length).toBeGreaterThan(0);
    await sleep(300);
    const s = await c.collect();
    expect(s.cpu && pct(s.cpu.total)).toBe(true);
    expect(s).not.toHaveProperty('processes');
    const info = await c.hostInfo();
    expect(info.hostname.length).toBeGreaterThan(0);
    expect(info.cores).toBeGreaterThan(0);
  });
});
