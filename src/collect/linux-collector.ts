import os from 'node:os';
import type { Logger } from '../shared/logger.js';
import { createDiskProbe, type StatFsFn } from './disks.js';
import { isIoDevice, parseDiskstats } from './diskstats.js';
import { readStaticHostInfo, readUptime, type StaticHostInfo } from './host-info.js';
import { osLoad, parseLoadavg, parseUptime } from './loadavg.js';
import { memoryFromMeminfo, osMemory, parseMeminfo } from './meminfo.js';
import { parseNetDev } from './net-dev.js';
import { parseProcStat } from './proc-stat.js';
import { createProcessProbe, type ProcessScan } from './processes.js';
import { createRateTracker, type Reading } from './reading-rates.js';
import { createKeptFiles, listDir } from './read-text.js';
import type { HostInfo, Snapshot } from './snapshot.js';
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

export function createLinuxCollector(opts: LinuxCollectorOptions) {
  const { procRoot, sysRoot } = opts;
  const live = procRoot === '/proc';
  const kept = createKeptFiles();
  const disks = createDiskProbe({ procRoot, logger: opts.logger, statfs: opts.statfs, timeoutMs: opts.statfsTimeoutMs, readFile: kept.read });
  const temperatures = createTemperatureProbe({ sysRoot });
  const processes = createProcessProbe({ procRoot, etcRoot: opts.etcRoot, clockTicks: opts.clockTicks, topN: opts.topN });
  const warned = new Set<string>();
  let hostStatic: StaticHostInfo | null = null;
  let procBaseline: ProcessScan | null = null;
  let lastTopAt: number | null = null;
  let wholeDevices: { at: number; names: Set<string> | null } | null = null;
  const advance = createRateTracker({
    skipIfaces: opts.skipIfaces,
    onReboot: (cur) => {
      // Process times restarted too; pids mean other processes now.
      procBaseline = null;
      lastTopAt = null;
      opts.logger.info({ btime: cur.stat?.btime, uptime: cur.uptime }, 'collect: host rebooted since the last snapshot; rates re-baselined');
    },
  });

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
  async function processProbe(t: number, uptime: number): Promise<{ top?: Snapshot['processes']; zombies?: number }> {
    const due = !procBaseline || lastTopAt === null || t - lastTopAt >= opts.slowIntervalMs;
    if (!due) return {};
    const scan = await processes.scan(uptime);
    if (!scan) {
      missing(`${procRoot}/[pid]/stat`);
      return {};
    }
    let zombies = 0;
    for (const s of scan.byPid.values()) if (s.state === 'Z') zombies++;
    const prev = procBaseline;
    procBaseline = scan;
    if (!prev || scan.uptimeSec <= prev.uptimeSec) return { zombies };
    lastTopAt = t;
    return { top: await processes.top({ prev, cur: scan }), zombies };
  }

  /** Pids in /proc: one readdir per tick, cheap next to reading any of them. */
  async function processCount(): Promise<number | null> {
    const names = await listDir(procRoot);
    if (!names) return null;
    let n = 0;
    for (const name of names) if (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) n++;
    return n;
  }

  /** /sys/block lists whole devices; disks are rarely hot-plugged, so it is re-listed on the slow interval. */
  async function blockDevices(t: number): Promise<Set<string> | null> {
    if (!wholeDevices || Math.abs(t - wholeDevices.at) >= opts.slowIntervalMs) {
      const names = await listDir(`${sysRoot}/block`);
      wholeDevices = { at: t, names: names ? new Set(names) : null };
    }
    return wholeDevices.names;
  }

  async function collect(now?: number): Promise<Snapshot> {
    const t = now ?? Date.now();
    const [statText, loadText, memText, uptimeText, diskText, netText, whole, diskUsage, temps, info, procCount] = await Promise.all([
      kept.read(`${procRoot}/stat`),
      kept.read(`${procRoot}/loadavg`),
      kept.read(`${procRoot}/meminfo`),
      kept.read(`${procRoot}/uptime`),
      kept.read(`${procRoot}/diskstats`),
      kept.read(`${procRoot}/net/dev`),
      blockDevices(t),
      disks(),
      temperatures(),
      staticInfo(),
      processCount(),
    ]);
    const uptime = uptimeText === null ? null : parseUptime(uptimeText);
    const cur: Reading = {
      t,
      uptime,
      stat: statText === null ? null : parseProcStat(statText),
      disks: new Map((diskText ? parseDiskstats(diskText) : []).filter((d) => isIoDevice({ device: d.device, wholeDevices: whole })).map((d) => [d.device, d])),
      nets: new Map((netText ? parseNetDev(netText) : []).map((n) => [n.iface, n])),
    };
    for (const [text, file] of [
      [statText, 'stat'],
      [memText, 'meminfo'],
      [diskText, 'diskstats'],
      [netText, 'net/dev'],
      [loadText, 'loadavg'],
    ] as const) {
      if (text === null) missing(`${procRoot}/${file}`);
    }

    const rates = advance(cur);

    const mem = (memText ? memoryFromMeminfo(parseMeminfo(memText)) : null) ?? osMemory();
    const load = (loadText ? parseLoadavg(loadText) : null) ?? osLoad();
    const procs = uptime === null ? {} : await processProbe(t, uptime);
    if (diskUsage === null) missing(`${procRoot}/self/mounts`);

    const snap: Snapshot = { host: opts.host ?? info.hostname, t, load, ...mem, disks: diskUsage ?? [], ...rates };
    if (uptime !== null) snap.uptimeSec = uptime;
    if (temps) snap.temperaturesC = temps;
    if (procs.top) snap.processes = procs.top;
    if (procCount !== null) {
      const st = cur.stat;
      snap.procs = {
        total: procCount,
        ...(st?.procsRunning != null ? { running: st.procsRunning } : {}),
        ...(st?.procsBlocked != null ? { blocked: st.procsBlocked } : {}),
        ...(procs.zombies !== undefined ? { zombie: procs.zombies } : {}),
      };
    }
    return snap;
  }

  return { collect, hostInfo, close: kept.close };
}
