import os from 'node:os';
import type { Logger } from '../shared/logger.js';
import { cpuShare } from './cpu-share.js';
import { createDiskProbe, type StatFsFn } from './disks.js';
import { diskIoRates, isIoDevice, parseDiskstats, type DiskCounters } from './diskstats.js';
import { readStaticHostInfo, readUptime, type StaticHostInfo } from './host-info.js';
import { parseLoadavg } from './loadavg.js';
import { memoryFromMeminfo, parseMeminfo, type Memory } from './meminfo.js';
import { netRates, parseNetDev, type NetCounters } from './net-dev.js';
import { parseProcStat, type ProcStat } from './proc-stat.js';
import { createProcessProbe, type ProcessScan } from './processes.js';
import { intervalSec, rebooted } from './rates.js';
import { listDir, readText } from './read-text.js';
import type { CpuShare, HostInfo, Snapshot } from './snapshot.js';
import { createTemperatureProbe } from './temperatures.js';

export type LinuxCollectorOptions = {
  logger: Logger;
  host?: string;
  procRoot: string;
  sysRoot: string;
  etcRoot: string;
  slowIntervalMs: number;
  topN: number;
  clockTicks: number;
  skipIfaces: RegExp;
  statfs?: StatFsFn;
  statfsTimeoutMs?: number;
};

/** The counters rates are computed from: one reading of the host. */
type Reading = {
  t: number;
  uptime: number | null;
  stat: ProcStat | null;
  disks: Map<string, DiskCounters>;
  nets: Map<string, NetCounters>;
};

type Rates = Pick<Snapshot, 'cpu' | 'cores' | 'contextSwitchesPerSec' | 'diskIo' | 'net'>;

function rates({ prev, cur, seconds, skipIfaces }: { prev: Reading; cur: Reading; seconds: number; skipIfaces: RegExp }): Rates {
  const out: Rates = {
    diskIo: diskIoRates({ prev: prev.disks, cur: [...cur.disks.values()], seconds }),
    net: netRates({ prev: prev.nets, cur: [...cur.nets.values()], seconds, skip: skipIfaces }),
  };
  const p = prev.stat;
  const c = cur.stat;
  if (!p || !c) return out;
  const total = p.total && c.total ? cpuShare({ prev: p.total, cur: c.total }) : null;
  if (total) out.cpu = total;
  const prevCores = new Map(p.cores.map((x) => [x.core, x.times]));
  const cores: CpuShare[] = [];
  for (const { core, times } of c.cores) {
    const before = prevCores.get(core);
    const share = before ? cpuShare({ prev: before, cur: times }) : null;
    if (share) cores.push({ ...share, core });
  }
  if (cores.length > 0) out.cores = cores;
  if (p.ctxt !== null && c.ctxt !== null && c.ctxt >= p.ctxt) out.contextSwitchesPerSec = (c.ctxt - p.ctxt) / seconds;
  return out;
}

/** Memory from the os module when /proc/meminfo is unreadable: coarse (no cache, no swap) but true. */
function osMemory(): Memory {
  const total = os.totalmem();
  const free = os.freemem();
  return {
    mem: { totalBytes: total, usedBytes: total - free, availableBytes: free, cachedBytes: 0, usedPct: ((total - free) / total) * 100 },
    swap: { totalBytes: 0, usedBytes: 0 },
  };
}

export function createLinuxCollector(opts: LinuxCollectorOptions) {
  const { procRoot, sysRoot } = opts;
  const live = procRoot === '/proc';
  const disks = createDiskProbe({ procRoot, logger: opts.logger, statfs: opts.statfs, timeoutMs: opts.statfsTimeoutMs });
  const temperatures = createTemperatureProbe({ sysRoot });
  const processes = createProcessProbe({ procRoot, etcRoot: opts.etcRoot, clockTicks: opts.clockTicks, topN: opts.topN });
  const warned = new Set<string>();
  let hostStatic: StaticHostInfo | null = null;
  let baseline: Reading | null = null;
  let procBaseline: ProcessScan | null = null;
  let lastTopAt: number | null = null;

  /** A missing file is logged once: it stays missing, and the snapshot just lacks that part. */
  function missing(what: string): void {
    if (warned.has(what)) return;
    warned.add(what);
    opts.logger.warn({ file: what }, 'collect: source unavailable, that part of the snapshot is left out');
  }

  async function staticInfo(): Promise<StaticHostInfo> {
    hostStatic ??= await readStaticHostInfo({ procRoot, etcRoot: opts.etcRoot, live });
    return hostStatic;
  }

  async function hostInfo(): Promise<HostInfo> {
    const [info, uptime] = await Promise.all([staticInfo(), readUptime(procRoot)]);
    return { ...info, uptimeSec: uptime ?? (live ? os.uptime() : 0) };
  }

  /**
   * Processes run on the slow interval. The first call only takes a baseline (CPU needs two
   * scans), the next one reports, then every slowIntervalMs.
   */
  async function processProbe(t: number, uptime: number): Promise<Snapshot['processes']> {
    const due = !procBaseline || lastTopAt === null || t - lastTopAt >= opts.slowIntervalMs;
    if (!due) return undefined;
    const scan = await processes.scan(uptime);
    if (!scan) return missing(`${procRoot}/[pid]/stat`), undefined;
    const prev = procBaseline;
    procBaseline = scan;
    if (!prev || scan.uptimeSec <= prev.uptimeSec) return undefined;
    lastTopAt = t;
    return processes.top({ prev, cur: scan });
  }

  async function collect(now?: number): Promise<Snapshot> {
    const t = now ?? Date.now();
    const [statText, loadText, memText, uptime, diskText, netText, blockDevs, diskUsage, temps, info] = await Promise.all([
      readText(`${procRoot}/stat`),
      readText(`${procRoot}/loadavg`),
      readText(`${procRoot}/meminfo`),
      readUptime(procRoot),
      readText(`${procRoot}/diskstats`),
      readText(`${procRoot}/net/dev`),
      listDir(`${sysRoot}/block`),
      disks(),
      temperatures(),
      staticInfo(),
    ]);
    const wholeDevices = blockDevs ? new Set(blockDevs) : null;
    const cur: Reading = {
      t,
      uptime,
      stat: statText === null ? null : parseProcStat(statText),
      disks: new Map((diskText ? parseDiskstats(diskText) : []).filter((d) => isIoDevice({ device: d.device, wholeDevices })).map((d) => [d.device, d])),
      nets: new Map((netText ? parseNetDev(netText) : []).map((n) => [n.iface, n])),
    };
    for (const [text, file] of [[statText, 'stat'], [memText, 'meminfo'], [diskText, 'diskstats'], [netText, 'net/dev'], [loadText, 'loadavg']] as const) {
      if (text === null) missing(`${procRoot}/${file}`);
    }

    const prev = baseline;
    let r: Rates = {};
    const reboot = prev !== null && rebooted({ prevBtime: prev.stat?.btime ?? null, curBtime: cur.stat?.btime ?? null, prevUptime: prev.uptime, curUptime: uptime });
    const seconds = prev ? intervalSec({ prevUptime: prev.uptime, curUptime: uptime, prevT: prev.t, curT: t }) : null;
    if (reboot) {
      // Counters restarted from zero: no rates for this interval, start over from this reading.
      opts.logger.info({ btime: cur.stat?.btime, uptime }, 'collect: host rebooted since the last snapshot; rates re-baselined');
      procBaseline = null;
      lastTopAt = null;
      baseline = cur;
    } else if (prev && seconds !== null) {
      r = rates({ prev, cur, seconds, skipIfaces: opts.skipIfaces });
      baseline = cur;
    } else if (!prev) baseline = cur;
    // Otherwise the call came too soon after the last: keep the older baseline for the next one.

    const mem = (memText ? memoryFromMeminfo(parseMeminfo(memText)) : null) ?? osMemory();
    const [l1, l5, l15] = os.loadavg();
    const load = (loadText ? parseLoadavg(loadText) : null) ?? { l1: l1 ?? 0, l5: l5 ?? 0, l15: l15 ?? 0 };
    const procs = uptime === null ? undefined : await processProbe(t, uptime);
    if (diskUsage === null) missing(`${procRoot}/self/mounts`);

    const snap: Snapshot = { host: opts.host ?? info.hostname, t, load, ...mem, disks: diskUsage ?? [], ...r };
    if (uptime !== null) snap.uptimeSec = uptime;
    if (temps) snap.temperaturesC = temps;
    if (procs) snap.processes = procs;
    return snap;
  }

  return { collect, hostInfo };
}
