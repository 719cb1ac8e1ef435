export { createCollector, type ClosableCollector, type Collector, type CollectorOptions } from './collector.js';
export { snapshotToPoints } from './snapshot-points.js';
export type { StatFsFn, StatFsLike } from './disks.js';
export type { CpuShare, DiskIo, DiskUsage, HostInfo, NetIo, ProcessInfo, Snapshot } from './snapshot.js';
