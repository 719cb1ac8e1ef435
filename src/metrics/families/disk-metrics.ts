import type { MetricDef } from '../metric-def.js';
import { perBlockDevice, perFilesystem } from '../snapshot-readers.js';

const FS = { kind: 'gauge', labels: ['mount'], source: 'snapshot' } as const;
const FS_PROM = { infoLabels: ['device', 'fstype'] } as const;
const IO = { kind: 'rate', labels: ['device'], source: 'snapshot' } as const;

/** Filesystems by mount and block devices by name. */
export const DISK_METRICS = {
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
} as const satisfies Record<string, MetricDef>;
