import type { MetricDef } from './metric-def.js';
import { hostWide, perBlockDevice, perCpu, perFilesystem, perInterface, perSensor } from './snapshot-readers.js';

const CPU_MODE = { name: 'cpu_mode_ratio', help: 'CPU share per mode over the last interval.', ratio: true, labels: [] } as const;
const CPU = { unit: 'percent', kind: 'rate', labels: ['core'], source: 'snapshot' } as const;
const MEM = { unit: 'bytes', kind: 'gauge', labels: [], source: 'snapshot' } as const;
const FS = { kind: 'gauge', labels: ['mount'], source: 'snapshot' } as const;
const FS_PROM = { infoLabels: ['device', 'fstype'] } as const;
const IO = { kind: 'rate', labels: ['device'], source: 'snapshot' } as const;
const NET = { kind: 'rate', labels: ['iface'], source: 'snapshot' } as const;
const PROCS = { unit: 'count', kind: 'gauge', labels: [], source: 'snapshot' } as const;
const CHECK = { labels: ['check'], source: 'check' } as const;

/**
 * Every series Checkup stores or exports, the only place metric names are written. Storage
 * (`snapshotToPoints`), the report and console models, the Prometheus gauges and alert-rule
 * validation all read it; the keys are what code uses (`METRIC.cpuTotal`), the names are what
 * users, configs and stored data see.
 *
 * A new stage (logs, security) adds its series here: an entry with its own `source`, no `read`
 * (its writer builds the points, naming them with `METRIC.<key>`), and `prom` only if it belongs
 * on /metrics. Alert rules then accept the name; forecast rules too when it is stored.
 */
export const CATALOGUE = {
  cpuTotal: {
    ...CPU,
    name: 'cpu.total',
    description: 'Busy CPU share over the last interval (1 - idle - iowait).',
    read: perCpu('total'),
    prom: { name: 'cpu_usage_ratio', ratio: true, labels: [] },
  },
  cpuUser: {
    ...CPU,
    name: 'cpu.user',
    description: 'CPU share in user mode, nice included.',
    read: perCpu('user'),
    prom: { ...CPU_MODE, constLabels: { mode: 'user' } },
  },
  cpuSystem: {
    ...CPU,
    name: 'cpu.system',
    description: 'CPU share in kernel mode, irq and softirq included.',
    read: perCpu('system'),
    prom: { ...CPU_MODE, constLabels: { mode: 'system' } },
  },
  cpuIowait: {
    ...CPU,
    name: 'cpu.iowait',
    description: 'CPU share idle while waiting for I/O.',
    read: perCpu('iowait'),
    prom: { ...CPU_MODE, constLabels: { mode: 'iowait' } },
  },
  cpuSteal: {
    ...CPU,
    name: 'cpu.steal',
    description: 'CPU share taken by the hypervisor.',
    read: perCpu('steal'),
    prom: { ...CPU_MODE, constLabels: { mode: 'steal' } },
  },
  // Idle is 100 minus the stored modes: exported and alertable, not worth a series per core.
  cpuIdle: {
    ...CPU,
    name: 'cpu.idle',
    stored: false,
    description: 'CPU share idle.',
    read: perCpu('idle'),
    prom: { ...CPU_MODE, constLabels: { mode: 'idle' } },
  },
  load1: {
    unit: 'load',
    kind: 'gauge',
    labels: [],
    source: 'snapshot',
    name: 'load.1',
    description: 'Load average over 1 minute.',
    read: hostWide((s) => s.load.l1),
    prom: { name: 'load1' },
  },
  load5: {
    unit: 'load',
    kind: 'gauge',
    labels: [],
    source: 'snapshot',
    name: 'load.5',
    description: 'Load average over 5 minutes.',
    read: hostWide((s) => s.load.l5),
    prom: { name: 'load5' },
  },
  load15: {
    unit: 'load',
    kind: 'gauge',
    labels: [],
    source: 'snapshot',
    name: 'load.15',
    description: 'Load average over 15 minutes.',
    read: hostWide((s) => s.load.l15),
    prom: { name: 'load15' },
  },
  cpuCtxSwitches: {
    unit: 'switches/s',
    kind: 'rate',
    labels: [],
    source: 'snapshot',
    name: 'cpu.ctx_switches',
    description: 'Context switches per second over the last interval.',
    read: hostWide((s) => s.contextSwitchesPerSec),
    prom: { name: 'context_switches_per_second' },
  },
  memTotal: { ...MEM, name: 'mem.total', description: 'Physical memory.', read: hostWide((s) => s.mem.totalBytes), prom: { name: 'memory_total_bytes' } },
  memUsed: { ...MEM, name: 'mem.used', description: 'Memory in use.', read: hostWide((s) => s.mem.usedBytes), prom: { name: 'memory_used_bytes' } },
  memAvailable: {
    ...MEM,
    name: 'mem.available',
    description: 'Memory available for new work.',
    read: hostWide((s) => s.mem.availableBytes),
    prom: { name: 'memory_available_bytes' },
  },
  memCached: { ...MEM, name: 'mem.cached', description: 'Page cache.', read: hostWide((s) => s.mem.cachedBytes), prom: { name: 'memory_cached_bytes' } },
  memUsedPct: {
    ...MEM,
    unit: 'percent',
    name: 'mem.used_pct',
    description: 'Memory in use as a share of the total.',
    read: hostWide((s) => s.mem.usedPct),
    prom: { name: 'memory_used_ratio', ratio: true },
  },
  swapTotal: { ...MEM, name: 'swap.total', description: 'Swap space.', read: hostWide((s) => s.swap.totalBytes), prom: { name: 'swap_total_bytes' } },
  swapUsed: { ...MEM, name: 'swap.used', description: 'Swap in use.', read: hostWide((s) => s.swap.usedBytes), prom: { name: 'swap_used_bytes' } },
  diskSize: {
    ...FS,
    unit: 'bytes',
    name: 'disk.size',
    description: 'Filesystem size.',
    read: perFilesystem((d) => d.sizeBytes),
    prom: { ...FS_PROM, name: 'filesystem_size_bytes' },
  },
  diskUsed: {
    ...FS,
    unit: 'bytes',
    name: 'disk.used',
    description: 'Filesystem space in use.',
    read: perFilesystem((d) => d.usedBytes),
    prom: { ...FS_PROM, name: 'filesystem_used_bytes' },
  },
  diskFree: {
    ...FS,
    unit: 'bytes',
    name: 'disk.free',
    description: 'Filesystem space free for unprivileged users.',
    read: perFilesystem((d) => d.freeBytes),
    prom: { ...FS_PROM, name: 'filesystem_free_bytes' },
  },
  diskUsedPct: {
    ...FS,
    unit: 'percent',
    name: 'disk.used_pct',
    description: 'Filesystem use as df shows it: used / (used + free).',
    read: perFilesystem((d) => d.usedPct),
    prom: { ...FS_PROM, name: 'filesystem_used_ratio', ratio: true },
  },
  diskInodesUsedPct: {
    ...FS,
    unit: 'percent',
    name: 'disk.inodes_used_pct',
    description: 'Inodes in use as a share of all inodes.',
    read: perFilesystem((d) => d.inodesUsedPct),
    prom: { ...FS_PROM, name: 'filesystem_inodes_used_ratio', ratio: true },
  },
  diskioReadBps: {
    ...IO,
    unit: 'bytes/s',
    name: 'diskio.read_bps',
    description: 'Bytes read per second over the last interval.',
    read: perBlockDevice((d) => d.readBps),
    prom: { name: 'disk_read_bytes_per_second' },
  },
  diskioWriteBps: {
    ...IO,
    unit: 'bytes/s',
    name: 'diskio.write_bps',
    description: 'Bytes written per second over the last interval.',
    read: perBlockDevice((d) => d.writeBps),
    prom: { name: 'disk_written_bytes_per_second' },
  },
  diskioReadIops: {
    ...IO,
    unit: 'ops/s',
    name: 'diskio.read_iops',
    description: 'Completed reads per second over the last interval.',
    read: perBlockDevice((d) => d.readIops),
    prom: { name: 'disk_reads_per_second' },
  },
  diskioWriteIops: {
    ...IO,
    unit: 'ops/s',
    name: 'diskio.write_iops',
    description: 'Completed writes per second over the last interval.',
    read: perBlockDevice((d) => d.writeIops),
    prom: { name: 'disk_writes_per_second' },
  },
  diskioBusyPct: {
    ...IO,
    unit: 'percent',
    name: 'diskio.busy_pct',
    description: 'Share of the interval the device was busy.',
    read: perBlockDevice((d) => d.busyPct),
    prom: { name: 'disk_busy_ratio', ratio: true },
  },
  netRxBps: {
    ...NET,
    unit: 'bytes/s',
    name: 'net.rx_bps',
    description: 'Bytes received per second over the last interval.',
    read: perInterface((n) => n.rxBps),
    prom: { name: 'network_receive_bytes_per_second' },
  },
  netTxBps: {
    ...NET,
    unit: 'bytes/s',
    name: 'net.tx_bps',
    description: 'Bytes sent per second over the last interval.',
    read: perInterface((n) => n.txBps),
    prom: { name: 'network_transmit_bytes_per_second' },
  },
  netRxPps: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_pps',
    description: 'Packets received per second over the last interval.',
    read: perInterface((n) => n.rxPps),
  },
  netTxPps: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_pps',
    description: 'Packets sent per second over the last interval.',
    read: perInterface((n) => n.txPps),
  },
  netRxErrors: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_errors',
    description: 'Receive errors per second over the last interval.',
    read: perInterface((n) => n.rxErrors),
    prom: { name: 'network_receive_errors_per_second' },
  },
  netTxErrors: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_errors',
    description: 'Transmit errors per second over the last interval.',
    read: perInterface((n) => n.txErrors),
    prom: { name: 'network_transmit_errors_per_second' },
  },
  netRxDrops: {
    ...NET,
    unit: 'packets/s',
    name: 'net.rx_drops',
    description: 'Received packets dropped per second over the last interval.',
    read: perInterface((n) => n.rxDrops),
    prom: { name: 'network_receive_drops_per_second' },
  },
  netTxDrops: {
    ...NET,
    unit: 'packets/s',
    name: 'net.tx_drops',
    description: 'Outgoing packets dropped per second over the last interval.',
    read: perInterface((n) => n.txDrops),
    prom: { name: 'network_transmit_drops_per_second' },
  },
  hostUptime: {
    unit: 'seconds',
    kind: 'gauge',
    labels: [],
    source: 'snapshot',
    name: 'host.uptime',
    description: 'Seconds since boot at the latest snapshot.',
    read: hostWide((s) => s.uptimeSec),
    prom: { name: 'uptime_seconds' },
  },
  procsTotal: { ...PROCS, name: 'procs.total', description: 'Processes (pids in /proc).', read: hostWide((s) => s.procs?.total) },
  procsRunning: {
    ...PROCS,
    name: 'procs.running',
    description: 'Runnable tasks, threads included, as /proc/stat counts them.',
    read: hostWide((s) => s.procs?.running),
  },
  procsBlocked: {
    ...PROCS,
    name: 'procs.blocked',
    description: 'Tasks in uninterruptible sleep (mostly waiting for I/O).',
    read: hostWide((s) => s.procs?.blocked),
  },
  procsZombie: { ...PROCS, name: 'procs.zombie', description: 'Zombie processes; read on slow-probe ticks only.', read: hostWide((s) => s.procs?.zombie) },
  tempCelsius: {
    unit: 'celsius',
    kind: 'gauge',
    labels: ['sensor'],
    source: 'snapshot',
    name: 'temp.celsius',
    description: 'Sensor temperature.',
    read: perSensor,
    prom: { name: 'temperature_celsius' },
  },
  checkStatus: { ...CHECK, unit: 'status', kind: 'gauge', name: 'check.status', description: 'Latest check result: 0 ok, 1 warn, 2 fail; unknown is a gap.' },
  checkLatencyMs: { ...CHECK, unit: 'milliseconds', kind: 'gauge', name: 'check.latency_ms', description: 'How long the latest check took.' },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof CATALOGUE;
export type MetricName = (typeof CATALOGUE)[MetricKey]['name'];
