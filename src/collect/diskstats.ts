import { counterDeltas } from './rates.js';
import type { DiskIo } from './snapshot.js';

export type DiskCounters = {
  device: string;
  reads: number;
  readSectors: number;
  writes: number;
  writeSectors: number;
  /** Milliseconds with IO in flight; printed as a 32-bit value, so it wraps after ~49.7 busy days. */
  ioTicksMs: number;
};

const KEYS = ['reads', 'readSectors', 'writes', 'writeSectors', 'ioTicksMs'] as const;
/** diskstats counts in 512-byte sectors whatever the device's real sector size. */
const SECTOR_BYTES = 512;

/** /proc/diskstats: major minor name reads merged sectors ms writes merged sectors ms inflight io_ticks ... */
export function parseDiskstats(text: string): DiskCounters[] {
  const out: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const device = f[2];
    if (device === undefined || f.length < 14) continue;
    const n = (i: number) => Number(f[i]);
    const c = { device, reads: n(3), readSectors: n(5), writes: n(7), writeSectors: n(9), ioTicksMs: n(12) };
    if (KEYS.every((k) => Number.isFinite(c[k]))) out.push(c);
  }
  return out;
}

/** Memory-backed and loop devices: their IO is RAM or a file on a disk that is already counted. */
const VIRTUAL = /^(loop|ram|zram|fd)\d+$/;
/** Partition names, for when /sys/block (which lists whole devices only) cannot be read. */
const PARTITION = /^(?:(?:[hsv]d[a-z]+|xvd[a-z]+)\d+|(?:nvme\d+n\d+|mmcblk\d+|md\d+|nbd\d+)p\d+)$/;

/**
 * Whole disks plus device-mapper and md devices, as node_exporter does: partitions would count
 * the same IO twice. dm/md over disks do too, but they are what LVM and RAID users look at.
 */
export function isIoDevice({ device, wholeDevices }: { device: string; wholeDevices: Set<string> | null }): boolean {
  if (VIRTUAL.test(device)) return false;
  return wholeDevices ? wholeDevices.has(device) : !PARTITION.test(device);
}

/**
 * Rates per device over `seconds`. Devices without a previous reading, with reset counters, or
 * never used since boot (empty nbd/sr slots) are left out.
 */
export function diskIoRates(opts: { prev: Map<string, DiskCounters>; cur: DiskCounters[]; seconds: number }): DiskIo[] {
  const out: DiskIo[] = [];
  for (const c of opts.cur) {
    const p = opts.prev.get(c.device);
    if (!p || c.reads + c.writes === 0) continue;
    const d = counterDeltas({ prev: p, cur: c, keys: KEYS });
    if (!d) continue;
    const s = opts.seconds;
    out.push({
      device: c.device,
      readBps: (d.readSectors * SECTOR_BYTES) / s,
      writeBps: (d.writeSectors * SECTOR_BYTES) / s,
      readIops: d.reads / s,
      writeIops: d.writes / s,
      // io_ticks can run a little past the wall interval because the two are read at different moments.
      busyPct: Math.min(100, (d.ioTicksMs / (s * 1000)) * 100),
    });
  }
  return out;
}
