import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type * as Systeminformation from 'systeminformation';
import type { Logger } from '../shared/logger.js';
import { cpuShare } from './cpu-share.js';
import { selectMounts } from './mounts.js';
import type { CpuTimes } from './proc-stat.js';
import { MIN_RATE_INTERVAL_SEC } from './rates.js';
import type { CpuShare, DiskUsage, HostInfo, ProcessInfo, Snapshot } from './snapshot.js';

type Si = typeof Systeminformation;

/** os.cpus() times (ms per state) in /proc/stat's shape; other OSes have no iowait or steal. */
function cpuTimes(): CpuTimes[] {
  return os.cpus().map(({ times: c }) => ({ user: c.user, nice: c.nice, system: c.sys, idle: c.idle, iowait: 0, irq: c.irq, softirq: 0, steal: 0 }));
}

function sumTimes(list: CpuTimes[]): CpuTimes {
  const out: CpuTimes = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 };
  for (const t of list) for (const k of Object.keys(out) as Array<keyof CpuTimes>) out[k] += t[k];
  return out;
}

/**
 * Where /proc is absent (macOS, Windows, BSD): CPU from os.cpus() deltas, the rest from
 * systeminformation, which spawns helpers on those systems, so processes and temperatures wait
 * for the slow interval. Disk IO is left out, and so is net: it has no packet counts there.
 */
export function createFallbackCollector(opts: { logger: Logger; host?: string; slowIntervalMs: number; topN: number }) {
  let si: Si | null = null;
  let prevCpu: { at: number; times: CpuTimes[] } | null = null;
  let lastSlowAt: number | null = null;
  const load = async () => (si ??= await import('systeminformation'));

  async function hostInfo(): Promise<HostInfo> {
    const s = await load();
    const [osInfo, cpu] = await Promise.all([s.osInfo(), s.cpu()]);
    return {
      hostname: osInfo.hostname || os.hostname(),
      os: [osInfo.distro, osInfo.release].filter(Boolean).join(' ') || os.type(),
      kernel: osInfo.kernel || os.release(),
      cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ') || (os.cpus()[0]?.model ?? 'unknown'),
      cores: os.availableParallelism(),
      uptimeSec: os.uptime(),
    };
  }

  function cpuRates(at: number): Pick<Snapshot, 'cpu' | 'cores'> {
    const times = cpuTimes();
    const prev = prevCpu;
    if (prev && (at - prev.at) / 1000 < MIN_RATE_INTERVAL_SEC) return {};
    prevCpu = { at, times };
    if (!prev || prev.times.length !== times.length) return {};
    const cores: CpuShare[] = times.flatMap((cur, core) => {
      const before = prev.times[core];
      const share = before ? cpuShare({ prev: before, cur }) : null;
      return share ? [{ ...share, core }] : [];
    });
    const cpu = cpuShare({ prev: sumTimes(prev.times), cur: sumTimes(times) });
    return { ...(cpu ? { cpu } : {}), ...(cores.length > 0 ? { cores } : {}) };
  }

  async function disks(s: Si): Promise<DiskUsage[]> {
    const list = await s.fsSize().catch(() => []);
    const { keep } = selectMounts(list.map((f) => ({ device: f.fs, mount: f.mount, fstype: f.type })));
    const wanted = new Set(keep.map((k) => k.mount));
    return list
      .filter((f) => wanted.has(f.mount) && f.size > 0)
      .map((f) => ({
        mount: f.mount,
        device: f.fs,
        fstype: f.type,
        sizeBytes: f.size,
        usedBytes: f.used,
        freeBytes: f.available,
        usedPct: f.used + f.available > 0 ? (f.used / (f.used + f.available)) * 100 : 0,
        inodesUsedPct: null,
      }));
  }

  async function slow(s: Si): Promise<Pick<Snapshot, 'processes' | 'temperaturesC' | 'procs'>> {
    const [procs, temp] = await Promise.all([s.processes().catch(() => null), s.cpuTemperature().catch(() => null)]);
    const out: Pick<Snapshot, 'processes' | 'temperaturesC' | 'procs'> = {};
    if (temp && typeof temp.main === 'number' && Number.isFinite(temp.main)) out.temperaturesC = [{ sensor: 'cpu/main', celsius: temp.main }];
    if (!procs) return out;
    // Counts ride on the slow probe here: systeminformation spawns `ps` for them.
    out.procs = { total: procs.all, running: procs.running, blocked: procs.blocked };
    const infos: ProcessInfo[] = procs.list.map((p) => ({ pid: p.pid, name: p.name, user: p.user, cpuPct: p.cpu, rssBytes: p.memRss * 1024 }));
    const top = (key: 'cpuPct' | 'rssBytes') =>
      infos
        .filter((p) => p[key] > 0)
        .sort((a, b) => b[key] - a[key])
        .slice(0, opts.topN);
    out.processes = { byCpu: top('cpuPct'), byMem: top('rssBytes') };
    return out;
  }

  async function collect(now?: number): Promise<Snapshot> {
    const t = now ?? Date.now();
    const s = await load();
    const slowDue = lastSlowAt === null || t - lastSlowAt >= opts.slowIntervalMs;
    const [mem, disksNow, slowPart] = await Promise.all([s.mem(), disks(s), slowDue ? slow(s) : Promise.resolve({})]);
    if (slowDue) lastSlowAt = t;
    const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
    const used = mem.total - mem.available;
    return {
      host: opts.host ?? os.hostname(),
      t,
      uptimeSec: os.uptime(),
      ...cpuRates(performance.now()),
      load: { l1, l5, l15 },
      mem: { totalBytes: mem.total, usedBytes: used, availableBytes: mem.available, cachedBytes: mem.buffcache, usedPct: (used / mem.total) * 100 },
      swap: { totalBytes: mem.swaptotal, usedBytes: mem.swapused },
      disks: disksNow,
      ...slowPart,
    };
  }

  opts.logger.info('collect: /proc not available, collecting through systeminformation (no disk IO or net rates)');
  return { collect, hostInfo };
}
