import { describe, expect, it } from 'vitest';
import { snapshotToPoints } from '../../../src/collect/index.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';

const share = { user: 10, system: 5, iowait: 1, steal: 2, idle: 82, total: 17 };
const base: Snapshot = {
  host: 'h1',
  t: 1000,
  load: { l1: 1, l5: 2, l15: 3 },
  mem: { totalBytes: 100, usedBytes: 40, availableBytes: 60, cachedBytes: 20, usedPct: 40 },
  swap: { totalBytes: 10, usedBytes: 1 },
  disks: [{ mount: '/var/lib/my data', device: '/dev/sda2', fstype: 'btrfs', sizeBytes: 9, usedBytes: 3, freeBytes: 6, usedPct: 33, inodesUsedPct: null }],
};

describe('snapshotToPoints', () => {
  it('flattens every metric with its labels and the snapshot time', () => {
    const s: Snapshot = {
      ...base,
      uptimeSec: 77,
      cpu: share,
      cores: [
        { ...share, core: 0 },
        { ...share, total: 50, core: 3 },
      ],
      contextSwitchesPerSec: 900,
      diskIo: [{ device: 'nvme0n1', readBps: 1, writeBps: 2, readIops: 3, writeIops: 4, busyPct: 5 }],
      net: [{ iface: 'eth0', rxBps: 1, txBps: 2, rxPps: 3, txPps: 4, rxErrors: 5, txErrors: 6, rxDrops: 7, txDrops: 8 }],
      temperaturesC: [{ sensor: 'k10temp/Tctl', celsius: 44 }],
      procs: { total: 210, running: 2, blocked: 1, zombie: 0 },
      processes: { byCpu: [{ pid: 1, name: 'x', user: 'root', cpuPct: 1, rssBytes: 1 }], byMem: [] },
    };
    const points = snapshotToPoints(s);
    expect(points.every((p) => p.t === 1000)).toBe(true);
    const key = (p: { metric: string; labels?: Record<string, string> }) => `${p.metric}${p.labels ? JSON.stringify(p.labels) : ''}`;
    const byKey = new Map(points.map((p) => [key(p), p.v]));
    expect(byKey.size).toBe(points.length);
    expect(byKey.get('cpu.total')).toBe(17);
    expect(byKey.get('cpu.steal')).toBe(2);
    expect(byKey.get('cpu.total{"core":"3"}')).toBe(50);
    expect(byKey.get('cpu.user{"core":"0"}')).toBe(10);
    expect(byKey.get('load.15')).toBe(3);
    expect(byKey.get('cpu.ctx_switches')).toBe(900);
    expect(byKey.get('mem.used_pct')).toBe(40);
    expect(byKey.get('swap.used')).toBe(1);
    expect(byKey.get('disk.used_pct{"mount":"/var/lib/my data"}')).toBe(33);
    expect(byKey.has('disk.inodes_used_pct{"mount":"/var/lib/my data"}')).toBe(false);
    expect(byKey.get('diskio.busy_pct{"device":"nvme0n1"}')).toBe(5);
    expect(byKey.get('net.tx_drops{"iface":"eth0"}')).toBe(8);
    expect(byKey.get('host.uptime')).toBe(77);
    expect(byKey.get('temp.celsius{"sensor":"k10temp/Tctl"}')).toBe(44);
    expect(byKey.get('procs.total')).toBe(210);
    expect(byKey.get('procs.zombie')).toBe(0);
    const metrics = new Set(points.map((p) => p.metric));
    expect([...metrics].sort()).toEqual(
      [
        'cpu.total',
        'cpu.user',
        'cpu.system',
        'cpu.iowait',
        'cpu.steal',
        'load.1',
        'load.5',
        'load.15',
        'cpu.ctx_switches',
        'mem.total',
        'mem.used',
        'mem.available',
        'mem.cached',
        'mem.used_pct',
        'swap.total',
        'swap.used',
        'disk.size',
        'disk.used',
        'disk.free',
        'disk.used_pct',
        'diskio.read_bps',
        'diskio.write_bps',
        'diskio.read_iops',
        'diskio.write_iops',
        'diskio.busy_pct',
        'net.rx_bps',
        'net.tx_bps',
        'net.rx_pps',
        'net.tx_pps',
        'net.rx_errors',
        'net.tx_errors',
        'net.rx_drops',
        'net.tx_drops',
        'host.uptime',
        'temp.celsius',
        'procs.total',
        'procs.running',
        'procs.blocked',
        'procs.zombie',
      ].sort(),
    );
    // 5 cpu x 3 + 3 load + ctx + 7 mem/swap + 4 disk + 5 diskio + 8 net + uptime + temp + 4 procs
    expect(points).toHaveLength(15 + 3 + 1 + 7 + 4 + 5 + 8 + 1 + 1 + 4);
  });

  it('stores rates and shares at their stored precision', () => {
    const s: Snapshot = {
      ...base,
      cpu: { ...share, user: 72.77227722772277 },
      diskIo: [{ device: 'vda', readBps: 1184190.0990098782, writeBps: 0, readIops: 37.12871287128642, writeIops: 0, busyPct: 0.19801980198019425 }],
    };
    const byName = new Map(snapshotToPoints(s).map((p) => [`${p.metric}${p.labels ? JSON.stringify(p.labels) : ''}`, p.v]));
    expect(byName.get('cpu.user')).toBe(72.77);
    expect(byName.get('diskio.read_bps{"device":"vda"}')).toBe(1184190);
    expect(byName.get('diskio.read_iops{"device":"vda"}')).toBe(37.13);
    expect(byName.get('diskio.busy_pct{"device":"vda"}')).toBe(0.2);
  });

  it('emits no points for absent rates: gaps, not zeros', () => {
    const metrics = snapshotToPoints(base).map((p) => p.metric);
    expect(metrics.some((m) => m.startsWith('cpu.') || m.startsWith('net.') || m.startsWith('diskio.'))).toBe(false);
    expect(metrics).toContain('mem.total');
  });
});
