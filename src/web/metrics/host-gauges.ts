import { Gauge, type Registry } from 'prom-client';
import type { HostRecord } from '../../fleet/host-repo.js';

type G = Gauge<string>;

/**
 * The latest collected figures per host, in Prometheus' base units (bytes, seconds, ratios 0–1),
 * named after node_exporter's where one exists so dashboards feel familiar.
 */
export function createHostGauges(registry: Registry) {
  const g = (name: string, help: string, labelNames: string[] = []): G =>
    new Gauge({ name: `checkup_host_${name}`, help, labelNames: ['host', ...labelNames], registers: [registry] });
  const m = {
    info: g('info', 'Host facts as labels; always 1.', ['os', 'kernel', 'simulated']),
    lastSeen: g('last_seen_timestamp_seconds', 'Collection time of the latest snapshot.'),
    up: g('up', '1 when the host sent a snapshot within three collection intervals, else 0.'),
    uptime: g('uptime_seconds', 'Seconds since boot at the latest snapshot.'),
    cpu: g('cpu_usage_ratio', 'Busy CPU share over the last interval (1 - idle - iowait).'),
    cpuMode: g('cpu_mode_ratio', 'CPU share per mode over the last interval.', ['mode']),
    load1: g('load1', 'Load average over 1 minute.'),
    load5: g('load5', 'Load average over 5 minutes.'),
    load15: g('load15', 'Load average over 15 minutes.'),
    ctx: g('context_switches_per_second', 'Context switches per second over the last interval.'),
    memTotal: g('memory_total_bytes', 'Physical memory.'),
    memUsed: g('memory_used_bytes', 'Memory in use.'),
    memAvail: g('memory_available_bytes', 'Memory available for new work.'),
    memCached: g('memory_cached_bytes', 'Page cache.'),
    memRatio: g('memory_used_ratio', 'Memory in use as a share of the total.'),
    swapTotal: g('swap_total_bytes', 'Swap space.'),
    swapUsed: g('swap_used_bytes', 'Swap in use.'),
    fsSize: g('filesystem_size_bytes', 'Filesystem size.', ['mount', 'device', 'fstype']),
    fsUsed: g('filesystem_used_bytes', 'Filesystem space in use.', ['mount', 'device', 'fstype']),
    fsFree: g('filesystem_free_bytes', 'Filesystem space free for unprivileged users.', ['mount', 'device', 'fstype']),
    fsRatio: g('filesystem_used_ratio', 'Filesystem use as df shows it: used / (used + free).', ['mount', 'device', 'fstype']),
    fsInodes: g('filesystem_inodes_used_ratio', 'Inodes in use as a share of all inodes.', ['mount', 'device', 'fstype']),
    diskRead: g('disk_read_bytes_per_second', 'Bytes read per second over the last interval.', ['device']),
    diskWrite: g('disk_written_bytes_per_second', 'Bytes written per second over the last interval.', ['device']),
    diskReads: g('disk_reads_per_second', 'Completed reads per second over the last interval.', ['device']),
    diskWrites: g('disk_writes_per_second', 'Completed writes per second over the last interval.', ['device']),
    diskBusy: g('disk_busy_ratio', 'Share of the interval the device was busy.', ['device']),
    rx: g('network_receive_bytes_per_second', 'Bytes received per second over the last interval.', ['iface']),
    tx: g('network_transmit_bytes_per_second', 'Bytes sent per second over the last interval.', ['iface']),
    rxErr: g('network_receive_errors_per_second', 'Receive errors per second over the last interval.', ['iface']),
    txErr: g('network_transmit_errors_per_second', 'Transmit errors per second over the last interval.', ['iface']),
    rxDrop: g('network_receive_drops_per_second', 'Received packets dropped per second over the last interval.', ['iface']),
    txDrop: g('network_transmit_drops_per_second', 'Outgoing packets dropped per second over the last interval.', ['iface']),
    temp: g('temperature_celsius', 'Sensor temperature.', ['sensor']),
  };

  /** Replaces every value: hosts, mounts and interfaces that went away leave no stale series. */
  const update = (records: HostRecord[], opts: { now: number; staleAfterMs: number }) => {
    for (const gauge of Object.values(m)) gauge.reset();
    for (const r of records) {
      const host = r.id;
      const set = (gauge: G, v: number | null | undefined, labels: Record<string, string> = {}) => {
        if (typeof v === 'number' && Number.isFinite(v)) gauge.set({ host, ...labels }, v);
      };
      set(m.info, 1, { os: r.info?.os ?? '', kernel: r.info?.kernel ?? '', simulated: String(r.simulated) });
      if (r.lastSeen !== null) set(m.lastSeen, r.lastSeen / 1000);
      set(m.up, r.lastSeen !== null && opts.now - r.lastSeen <= opts.staleAfterMs ? 1 : 0);
      const s = r.latest;
      if (!s) continue;
      set(m.uptime, s.uptimeSec);
      if (s.cpu) {
        set(m.cpu, s.cpu.total / 100);
        for (const mode of ['user', 'system', 'iowait', 'steal', 'idle'] as const) set(m.cpuMode, s.cpu[mode] / 100, { mode });
      }
      set(m.load1, s.load.l1);
      set(m.load5, s.load.l5);
      set(m.load15, s.load.l15);
      set(m.ctx, s.contextSwitchesPerSec);
      set(m.memTotal, s.mem.totalBytes);
      set(m.memUsed, s.mem.usedBytes);
      set(m.memAvail, s.mem.availableBytes);
      set(m.memCached, s.mem.cachedBytes);
      set(m.memRatio, s.mem.usedPct / 100);
      set(m.swapTotal, s.swap.totalBytes);
      set(m.swapUsed, s.swap.usedBytes);
      for (const d of s.disks) {
        const l = { mount: d.mount, device: d.device, fstype: d.fstype };
        set(m.fsSize, d.sizeBytes, l);
        set(m.fsUsed, d.usedBytes, l);
        set(m.fsFree, d.freeBytes, l);
        set(m.fsRatio, d.usedPct / 100, l);
        if (d.inodesUsedPct !== null) set(m.fsInodes, d.inodesUsedPct / 100, l);
      }
      for (const d of s.diskIo ?? []) {
        const l = { device: d.device };
        set(m.diskRead, d.readBps, l);
        set(m.diskWrite, d.writeBps, l);
        set(m.diskReads, d.readIops, l);
        set(m.diskWrites, d.writeIops, l);
        set(m.diskBusy, d.busyPct / 100, l);
      }
      for (const n of s.net ?? []) {
        const l = { iface: n.iface };
        set(m.rx, n.rxBps, l);
        set(m.tx, n.txBps, l);
        set(m.rxErr, n.rxErrors, l);
        set(m.txErr, n.txErrors, l);
        set(m.rxDrop, n.rxDrops, l);
        set(m.txDrop, n.txDrops, l);
      }
      for (const t of s.temperaturesC ?? []) set(m.temp, t.celsius, { sensor: t.sensor });
    }
  };
  return { update };
}
