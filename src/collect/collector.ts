import { access } from 'node:fs/promises';
import type { Logger } from '../shared/logger.js';
import type { StatFsFn } from './disks.js';
import { createFallbackCollector } from './fallback-collector.js';
import { createLinuxCollector } from './linux-collector.js';
import type { HostInfo, Snapshot } from './snapshot.js';

export type CollectorOptions = {
  logger: Logger;
  /** Snapshot.host; defaults to the machine's hostname. */
  host?: string;
  /** Where /proc, /sys and /etc are read from: tests point these at fixture trees. */
  procRoot?: string;
  sysRoot?: string;
  etcRoot?: string;
  /** Processes are scanned this often (default 60 s); everything else on every collect. */
  slowIntervalMs?: number;
  /** Length of each top-processes list (default 10). */
  topN?: number;
  /** USER_HZ of /proc/[pid]/stat times: 100 on every mainstream Linux architecture. */
  clockTicks?: number;
  /** Interfaces left out of net rates (default: loopback). */
  skipIfaces?: RegExp;
  /** statfs for disk usage; tests inject one so fixture mount tables need no real mounts. */
  statfs?: StatFsFn;
  /** A statfs slower than this marks the mount stuck (dead NFS) and it is not asked again. */
  statfsTimeoutMs?: number;
  /** "auto" (default) reads /proc where it exists, else systeminformation. */
  source?: 'auto' | 'proc' | 'systeminformation';
};

export type Collector = {
  /** One snapshot; `now` (epoch ms) stamps it and drives the slow interval. Calls run one at a time. */
  collect(now?: number): Promise<Snapshot>;
  hostInfo(): Promise<HostInfo>;
};

/** What createCollector returns: close() releases the /proc descriptors kept open between ticks. */
export type ClosableCollector = Collector & { close(): Promise<void> };

type Impl = Collector & { close?: () => void };

async function hasProc(procRoot: string): Promise<boolean> {
  try {
    await access(`${procRoot}/stat`);
    return true;
  } catch {
    return false;
  }
}

export function createCollector(opts: CollectorOptions): ClosableCollector {
  const procRoot = opts.procRoot ?? '/proc';
  const slowIntervalMs = opts.slowIntervalMs ?? 60_000;
  const topN = opts.topN ?? 10;
  let impl: Promise<Impl> | null = null;

  async function choose(): Promise<Impl> {
    const source = opts.source ?? 'auto';
    const useProc = source === 'proc' || (source === 'auto' && (await hasProc(procRoot)));
    if (!useProc) return createFallbackCollector({ logger: opts.logger, host: opts.host, slowIntervalMs, topN });
    return createLinuxCollector({
      logger: opts.logger,
      host: opts.host,
      procRoot,
      sysRoot: opts.sysRoot ?? '/sys',
      etcRoot: opts.etcRoot ?? '/etc',
      slowIntervalMs,
      topN,
      clockTicks: opts.clockTicks ?? 100,
      skipIfaces: opts.skipIfaces ?? /^lo$/,
      statfs: opts.statfs,
      statfsTimeoutMs: opts.statfsTimeoutMs,
    });
  }

  // Rate state lives between calls, so overlapping collects (a slow tick overrunning the next)
  // are queued rather than interleaved.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: (i: Impl) => Promise<T>): Promise<T> {
    const run = queue.then(async () => fn(await (impl ??= choose())));
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    collect: (now) => serial((i) => i.collect(now)),
    hostInfo: () => serial((i) => i.hostInfo()),
    // Queued behind a running collect so its reads finish first; a later collect reopens files.
    close: () => (impl ? serial(async (i) => i.close?.()) : Promise.resolve()),
  };
}
