import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiskstats } from '../../../src/collect/diskstats.js';
import { parseCpuModel, parseOsRelease } from '../../../src/collect/host-info.js';
import { parseLoadavg, parseUptime } from '../../../src/collect/loadavg.js';
import { memoryFromMeminfo, parseMeminfo } from '../../../src/collect/meminfo.js';
import { parseNetDev } from '../../../src/collect/net-dev.js';
import { parsePidStat, parsePidStatus } from '../../../src/collect/proc-pid.js';
import { parseProcStat } from '../../../src/collect/proc-stat.js';
import { parsePasswd } from '../../../src/collect/users.js';
import { FIXTURES } from './proc-tree.js';

const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');

describe('parsers on captured files', () => {
  it('reads /proc/stat: total, per core, ctxt, btime', () => {
    const s = parseProcStat(read('base/proc/stat'));
    expect(s.total).toEqual({ user: 36724, nice: 237, system: 12422, idle: 267126, iowait: 1454, irq: 0, softirq: 570, steal: 210 });
    expect(s.cores.map((c) => c.core)).toEqual([0, 1]);
    expect(s.cores[0]?.times.user).toBe(15900);
    expect(s.ctxt).toBeGreaterThan(0);
    expect(s.btime).toBe(1795319191);
  });

  it('keeps core numbers when a core is offline', () => {
    const s = parseProcStat('cpu  1 0 1 10 0 0 0 0 0 0\ncpu0 1 0 1 5 0 0 0 0 0 0\ncpu2 0 0 0 5 0 0 0 0 0 0\n');
    expect(s.cores.map((c) => c.core)).toEqual([0, 2]);
    expect(s.ctxt).toBeNull();
  });

  it('reads meminfo into used = total - available and free(1)-style cache', () => {
    const info = parseMeminfo(read('base/proc/meminfo'));
    const m = memoryFromMeminfo(info);
    expect(info.get('MemTotal')).toBe(24683656 * 1024);
    expect(m?.mem.usedBytes).toBe((24683656 - 24034360) * 1024);
    expect(m?.mem.cachedBytes).toBe((11376 + 820444 + 303744) * 1024);
    expect(m?.mem.usedPct).toBeCloseTo(((24683656 - 24034360) / 24683656) * 100, 6);
    expect(m?.swap).toEqual({ totalBytes: 0, usedBytes: 0 });
    // Counts without a unit are not scaled.
    expect(parseMeminfo('HugePages_Total:       7\n').get('HugePages_Total')).toBe(7);
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const m = memoryFromMeminfo(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\nSwapTotal: 200 kB\nSwapFree: 50 kB\n'));
    expect(m?.mem.availableBytes).toBe(400 * 1024);
    expect(m?.swap.usedBytes).toBe(150 * 1024);
    expect(memoryFromMeminfo(parseMeminfo('garbage'))).toBeNull();
  });

  it('reads loadavg and uptime', () => {
    expect(parseLoadavg(read('base/proc/loadavg'))).toEqual({ l1: 1.72, l5: 0.94, l15: 0.51 });
    expect(parseLoadavg('nonsense')).toBeNull();
    expect(parseUptime(read('base/proc/uptime'))).toBe(1602.53);
  });

  it('reads diskstats', () => {
    const vda = parseDiskstats(read('base/proc/diskstats')).find((d) => d.device === 'vda');
    expect(vda).toEqual({ device: 'vda', reads: 83180, readSectors: 5387610, writes: 166411, writeSectors: 9897008, ioTicksMs: 26328 });
  });

  it('reads net/dev, including a counter glued to the colon', () => {
    const rows = parseNetDev(read('base/proc/net/dev'));
    expect(rows.map((r) => r.iface)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(rows[3]).toMatchObject({ rxBytes: 798021197, rxPackets: 24010, txBytes: 1334403, txPackets: 12166 });
    const glued = parseNetDev(read('variants/net-dev-glued'));
    expect(glued[1]).toMatchObject({ iface: 'eth0', rxBytes: 4294967000, rxPackets: 3000000, rxErrors: 2, rxDrops: 5, txDrops: 1 });
  });

  it('reads /proc/[pid]/stat and status', () => {
    const init = parsePidStat(read('base/proc/1/stat'));
    expect(init).toMatchObject({ pid: 1, comm: 'process_api' });
    expect(init?.ticks).toBeGreaterThan(0);
    expect(parsePidStat('42 (a (b) c) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22')).toMatchObject({
      pid: 42,
      comm: 'a (b) c',
      ticks: 11 + 12,
      startTicks: 19,
      rssPages: 21,
    });
    expect(parsePidStat('garbage')).toBeNull();
    expect(parsePidStatus(read('base/proc/2928/status'))).toEqual({ uid: 106, rssBytes: 125180 * 1024 });
    expect(parsePidStatus(read('base/proc/2/status'))).toEqual({ uid: 0, rssBytes: 0 });
  });

  it('reads passwd, os-release and cpuinfo', () => {
    expect(parsePasswd(read('base/etc/passwd')).get(106)).toBe('rabbitmq');
    expect(parseOsRelease(read('base/etc/os-release'))).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseCpuModel(read('base/proc/cpuinfo'))).toBe('AMD EPYC');
    expect(parseCpuModel('processor : 0\nHardware : BCM2835\n')).toBe('BCM2835');
  });
});
