import type { Labels, Point } from '../store/types.js';
import type { CpuShare, Snapshot } from './snapshot.js';

const CPU_FIELDS = ['total', 'user', 'system', 'iowait', 'steal'] as const;

/**
 * Flattens a snapshot into store points, all stamped with the snapshot time. Absent parts (rates
 * on the first snapshot, temperatures on hosts without sensors) yield no points: gaps, not zeros.
 * Processes are not series; they go to the latest-snapshot record.
 */
export function snapshotToPoints(s: Snapshot): Point[] {
  const out: Point[] = [];
  const add = (metric: string, v: number | null | undefined, labels?: Labels) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    out.push(labels ? { metric, labels, t: s.t, v } : { metric, t: s.t, v });
  };
  const cpu = (share: CpuShare, labels?: Labels) => {
    for (const f of CPU_FIELDS) add(`cpu.${f}`, share[f], labels);
  };

  if (s.cpu) cpu(s.cpu);
  s.cores?.forEach((c, i) => cpu(c, { core: String(c.core ?? i) }));
  add('load.1', s.load.l1);
  add('load.5', s.load.l5);
  add('load.15', s.load.l15);
  add('cpu.ctx_switches', s.contextSwitchesPerSec);

  add('mem.total', s.mem.totalBytes);
  add('mem.used', s.mem.usedBytes);
  add('mem.available', s.mem.availableBytes);
  add('mem.cached', s.mem.cachedBytes);
  add('mem.used_pct', s.mem.usedPct);
  add('swap.total', s.swap.totalBytes);
  add('swap.used', s.swap.usedBytes);

  for (const d of s.disks) {
    const l = { mount: d.mount };
    add('disk.size', d.sizeBytes, l);
    add('disk.used', d.usedBytes, l);
    add('disk.free', d.freeBytes, l);
    add('disk.used_pct', d.usedPct, l);
    add('disk.inodes_used_pct', d.inodesUsedPct, l);
  }
  for (const d of s.diskIo ?? []) {
    const l = { device: d.device };
    add('diskio.read_bps', d.readBps, l);
    add('diskio.write_bps', d.writeBps, l);
    add('diskio.read_iops', d.readIops, l);
    add('diskio.write_iops', d.writeIops, l);
    add('diskio.busy_pct', d.busyPct, l);
  }
  for (const n of s.net ?? []) {
    const l = { iface: n.iface };
    add('net.rx_bps', n.rxBps, l);
    add('net.tx_bps', n.txBps, l);
    add('net.rx_pps', n.rxPps, l);
    add('net.tx_pps', n.txPps, l);
    add('net.rx_errors', n.rxErrors, l);
    add('net.tx_errors', n.txErrors, l);
    add('net.rx_drops', n.rxDrops, l);
    add('net.tx_drops', n.txDrops, l);
  }
  add('host.uptime', s.uptimeSec);
  add('procs.total', s.procs?.total);
  add('procs.running', s.procs?.running);
  add('procs.blocked', s.procs?.blocked);
  add('procs.zombie', s.procs?.zombie);
  for (const tc of s.temperaturesC ?? []) add('temp.celsius', tc.celsius, { sensor: tc.sensor });
  return out;
}
