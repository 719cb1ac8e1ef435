import os from 'node:os';
import type { Snapshot } from './snapshot.js';

export type Memory = Pick<Snapshot, 'mem' | 'swap'>;

/** /proc/meminfo as a map of field → bytes (the file says kB, meaning KiB). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    out.set(m[1], Number(m[2]) * (m[3] ? 1024 : 1));
  }
  return out;
}

/**
 * used = total - available: what the kernel estimates cannot be reclaimed without swapping.
 * cached = Buffers + Cached + SReclaimable, the "buff/cache" column of free(1).
 */
export function memoryFromMeminfo(info: Map<string, number>): Memory | null {
  const total = info.get('MemTotal');
  if (total === undefined || total <= 0) return null;
  const buffers = info.get('Buffers') ?? 0;
  const cached = info.get('Cached') ?? 0;
  // MemAvailable appeared in 3.14; before it, free + buffers + cache is the usual estimate.
  const available = Math.min(total, info.get('MemAvailable') ?? (info.get('MemFree') ?? 0) + buffers + cached);
  const used = total - available;
  const swapTotal = info.get('SwapTotal') ?? 0;
  const swapFree = info.get('SwapFree') ?? swapTotal;
  return {
    mem: {
      totalBytes: total,
      usedBytes: used,
      availableBytes: available,
      cachedBytes: buffers + cached + (info.get('SReclaimable') ?? 0),
      usedPct: (used / total) * 100,
    },
    swap: { totalBytes: swapTotal, usedBytes: Math.max(0, swapTotal - swapFree) },
  };
}

/** From the os module when /proc/meminfo is unreadable: coarse (no cache, no swap) but true. */
export function osMemory(): Memory {
  const total = os.totalmem();
  const free = os.freemem();
  return {
    mem: { totalBytes: total, usedBytes: total - free, availableBytes: free, cachedBytes: 0, usedPct: ((total - free) / total) * 100 },
    swap: { totalBytes: 0, usedBytes: 0 },
  };
}
