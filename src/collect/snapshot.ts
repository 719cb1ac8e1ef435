/**
 * CPU time split in percent of one core (per core) or of all cores (total).
 * user includes nice; system includes irq and softirq; user + system + iowait + steal + idle = 100.
 * `total` is busy time: 100 - idle - iowait (= user + system + steal).
 */
export type CpuShare = {
  user: number;
  system: number;
  iowait: number;
  steal: number;
  idle: number;
  total: number;
  /** Kernel cpu number on per-core entries (cpuN in /proc/stat): stays right when a core is offline. */
  core?: number;
};

export type DiskUsage = {
  mount: string;
  device: string;
  fstype: string;
  sizeBytes: number;
  usedBytes: number;
  /** Free for unprivileged users (statfs bavail), as df shows it. */
  freeBytes: number;
  /** used / (used + free) like df: blocks reserved for root do not count as free. */
  usedPct: number;
  /** null where the filesystem has no inode accounting (btrfs, vfat). */
  inodesUsedPct: number | null;
};

/** Per block device over the interval: bytes and completed requests per second, busy = io_ticks share. */
export type DiskIo = { device: string; readBps: number; writeBps: number; readIops: number; writeIops: number; busyPct: number };

/** Per interface over the interval. Every field is a per-second rate, errors and drops included. */
export type NetIo = {
  iface: string;
  rxBps: number;
  txBps: number;
  rxPps: number;
  txPps: number;
  rxErrors: number;
  txErrors: number;
  rxDrops: number;
  txDrops: number;
};

/** cpuPct is percent of one core over the slow interval (top's convention: may exceed 100). */
export type ProcessInfo = { pid: number; name: string; user: string; cpuPct: number; rssBytes: number };

export type HostInfo = {
  hostname: string;
  os: string;
  kernel: string;
  cpuModel: string;
  cores: number;
  uptimeSec: number;
  /** Marked true for hosts made by `checkup simulate`. */
  simulated?: boolean;
};

/**
 * One collection of a host. Rates (cpu, disk io, net) are over the interval since the previous
 * snapshot; the first snapshot after start has no rates (those fields are absent), never zeros.
 */
export type Snapshot = {
  host: string;
  /** Collection time, epoch ms: when the numbers were read, not when a job ran. */
  t: number;
  /** Seconds since boot at collection time, where the host tells it. */
  uptimeSec?: number;
  cpu?: CpuShare;
  cores?: CpuShare[];
  load: { l1: number; l5: number; l15: number };
  contextSwitchesPerSec?: number;
  mem: { totalBytes: number; usedBytes: number; availableBytes: number; cachedBytes: number; usedPct: number };
  swap: { totalBytes: number; usedBytes: number };
  disks: DiskUsage[];
  diskIo?: DiskIo[];
  net?: NetIo[];
  temperaturesC?: Array<{ sensor: string; celsius: number }>;
  /**
   * Process counts: `total` processes (pids in /proc); `running` and `blocked` are tasks
   * (threads) runnable or in uninterruptible sleep now, as /proc/stat counts them; `zombie`
   * processes only on slow-probe ticks, since it takes every process's stat.
   */
  procs?: { total: number; running?: number; blocked?: number; zombie?: number };
  /** Present on slow-probe ticks only (default every 60 s). */
  processes?: { byCpu: ProcessInfo[]; byMem: ProcessInfo[] };
};
