import { describe, expect, it } from 'vitest';
import { cpuShare } from '../../../src/collect/cpu-share.js';
import { diskIoRates, isIoDevice, parseDiskstats } from '../../../src/collect/diskstats.js';
import { netRates } from '../../../src/collect/net-dev.js';
import type { CpuTimes } from '../../../src/collect/proc-stat.js';
import { counterDeltas, intervalSec, rebooted, WRAP32 } from '../../../src/collect/rates.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './proc-tree.js';

const times = (o: Partial<CpuTimes>): CpuTimes => ({ user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...o });

describe('cpuShare', () => {
  it('splits the interval in percent and sums to 100', () => {
    const s = cpuShare({
      prev: times({ user: 100, nice: 10, system: 50, idle: 800, iowait: 20, irq: 1, softirq: 2, steal: 5 }),
      cur: times({ user: 130, nice: 20, system: 60, idle: 940, iowait: 30, irq: 3, softirq: 4, steal: 10 }),
    });
    // deltas: user 30 nice 10 system 10 idle 140 iowait 10 irq 2 softirq 2 steal 5 = 209
    expect(s?.user).toBeCloseTo((40 / 209) * 100, 9);
    expect(s?.system).toBeCloseTo((14 / 209) * 100, 9);
    expect(s?.iowait).toBeCloseTo((10 / 209) * 100, 9);
    expect(s?.steal).toBeCloseTo((5 / 209) * 100, 9);
    expect(s?.total).toBeCloseTo(((40 + 14 + 5) / 209) * 100, 9);
    expect((s?.user ?? 0) + (s?.system ?? 0) + (s?.iowait ?? 0) + (s?.steal ?? 0) + (s?.idle ?? 0)).toBeCloseTo(100, 9);
  });

  it('clamps a small iowait step back (documented kernel jitter) but not a reset', () => {
    const jitter = cpuShare({ prev: times({ user: 100, idle: 1000, iowait: 50 }), cur: times({ user: 200, idle: 1900, iowait: 49 }) });
    expect(jitter?.iowait).toBe(0);
    expect(jitter?.total).toBeCloseTo(10, 9);
    expect(cpuShare({ prev: times({ user: 100, idle: 1000 }), cur: times({ user: 5, idle: 2000 }) })).toBeNull();
    expect(cpuShare({ prev: times({ user: 100, idle: 1000, iowait: 500 }), cur: times({ user: 101, idle: 1001, iowait: 10 }) })).toBeNull();
    expect(cpuShare({ prev: times({ idle: 5 }), cur: times({ idle: 5 }) })).toBeNull();
  });
});

describe('counterDeltas', () => {
  const keys = ['bytes', 'packets'] as const;

  it('subtracts growing counters', () => {
    expect(counterDeltas({ prev: { bytes: 10, packets: 1 }, cur: { bytes: 30, packets: 3 }, keys })).toEqual({ bytes: 20, packets: 2 });
  });

  it('unwraps one 32-bit counter that jumped from near the top to near zero', () => {
    const d = counterDeltas({ prev: { bytes: WRAP32 - 1000, packets: 500 }, cur: { bytes: 24, packets: 510 }, keys });
    expect(d).toEqual({ bytes: 1024, packets: 10 });
  });

  it('treats every other backward step as a reset', () => {
    // All counters dropped: a reset, not two wraps.
    expect(counterDeltas({ prev: { bytes: WRAP32 - 1000, packets: WRAP32 - 10 }, cur: { bytes: 24, packets: 1 }, keys })).toBeNull();
    // A 64-bit counter does not wrap in practice.
    expect(counterDeltas({ prev: { bytes: 2 * WRAP32, packets: 500 }, cur: { bytes: 24, packets: 510 }, keys })).toBeNull();
    // A short jump back is not a wrap (it would mean ~4 GiB in one interval).
    expect(counterDeltas({ prev: { bytes: 1_000_000, packets: 500 }, cur: { bytes: 24, packets: 510 }, keys })).toBeNull();
    expect(counterDeltas({ prev: { bytes: NaN, packets: 1 }, cur: { bytes: 1, packets: 1 }, keys })).toBeNull();
  });
});

describe('interval and reboot checks', () => {
  it('prefers uptime and refuses intervals that are too short or negative', () => {
    expect(intervalSec({ prevUptime: 100, curUptime: 110, prevT: 0, curT: 99_000 })).toBe(10);
    expect(intervalSec({ prevUptime: null, curUptime: 110, prevT: 0, curT: 5_000 })).toBe(5);
    expect(intervalSec({ prevUptime: 100, curUptime: 100.01, prevT: 0, curT: 10 })).toBeNull();
    expect(intervalSec({ prevUptime: null, curUptime: null, prevT: 10_000, curT: 5_000 })).toBeNull();
  });

  it('sees a reboot in btime or uptime, not in a one-second btime nudge', () => {
    expect(rebooted({ prevBtime: 1000, curBtime: 5000, prevUptime: 100, curUptime: 110 })).toBe(true);
    expect(rebooted({ prevBtime: 1000, curBtime: 1000, prevUptime: 100, curUptime: 20 })).toBe(true);
    expect(rebooted({ prevBtime: 1000, curBtime: 1001, prevUptime: 100, curUptime: 110 })).toBe(false);
    expect(rebooted({ prevBtime: null, curBtime: null, prevUptime: null, curUptime: null })).toBe(false);
  });
});

describe('disk and net rates', () => {
  it('keeps whole disks, dm and md; drops partitions, loop, ram, zram and idle slots', () => {
    const rows = parseDiskstats(readFileSync(join(FIXTURES, 'variants/diskstats-lvm'), 'utf8'));
    const viaRegex = rows.filter((r) => isIoDevice({ device: r.device, wholeDevices: null })).map((r) => r.device);
    expect(viaRegex).toEqual(['nvme0n1', 'sda', 'dm-0', 'sr0', 'nbd0', 'mmcblk0']);
    const viaSys = rows.filter((r) => isIoDevice({ device: r.device, wholeDevices: new Set(['sda', 'nvme0n1', 'loop0']) }));
    expect(viaSys.map((r) => r.device)).toEqual(['nvme0n1', 'sda']);
    const prev = new Map(rows.map((r) => [r.device, r]));
    const cur = rows.map((r) => ({ ...r, reads: r.reads + 100, readSectors: r.readSectors + 800 }));
    // sr0 and nbd0 have never done IO: no series for them.
    const idle = rows.filter((r) => r.device === 'sr0' || r.device === 'nbd0');
    expect(diskIoRates({ prev, cur: idle, seconds: 10 })).toEqual([]);
    expect(diskIoRates({ prev: new Map(), cur, seconds: 10 })).toEqual([]);
    const nvme = diskIoRates({ prev, cur: cur.filter((r) => r.device === 'nvme0n1'), seconds: 10 });
    expect(nvme).toEqual([{ device: 'nvme0n1', readBps: (800 * 512) / 10, writeBps: 0, readIops: 10, writeIops: 0, busyPct: 0 }]);
  });

  it('caps busy at 100% and unwraps io_ticks (a 32-bit millisecond counter)', () => {
    const p = { device: 'sda', reads: 10, readSectors: 80, writes: 10, writeSectors: 80, ioTicksMs: WRAP32 - 4000 };
    const wrapped = diskIoRates({ prev: new Map([['sda', p]]), cur: [{ ...p, reads: 20, ioTicksMs: 1000 }], seconds: 10 });
    expect(wrapped[0]?.busyPct).toBeCloseTo(50, 9);
    const over = diskIoRates({ prev: new Map([['sda', p]]), cur: [{ ...p, reads: 20, ioTicksMs: p.ioTicksMs + 10_050 }], seconds: 10 });
    expect(over[0]?.busyPct).toBe(100);
  });

  it('rates net counters per second, errors and drops included; skips lo and reset interfaces', () => {
    const base = { rxBytes: 1000, rxPackets: 10, rxErrors: 0, rxDrops: 0, txBytes: 500, txPackets: 5, txErrors: 0, txDrops: 0 };
    const prev = new Map([
      ['eth0', { iface: 'eth0', ...base }],
      ['lo', { iface: 'lo', ...base }],
      ['wg0', { iface: 'wg0', ...base }],
    ]);
    const cur = [
      { iface: 'eth0', ...base, rxBytes: 3000, rxPackets: 30, rxErrors: 4, txDrops: 2 },
      { iface: 'lo', ...base, rxBytes: 9000 },
      { iface: 'wg0', ...base, rxBytes: 10, rxPackets: 1 },
      { iface: 'new0', ...base },
    ];
    const out = netRates({ prev, cur, seconds: 2, skip: /^lo$/ });
    expect(out).toEqual([{ iface: 'eth0', rxBps: 1000, txBps: 0, rxPps: 10, txPps: 0, rxErrors: 2, txErrors: 0, rxDrops: 0, txDrops: 1 }]);
  });
});
