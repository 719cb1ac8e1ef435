import type { MetricDef } from '../metric-def.js';
import { hostWide } from '../snapshot-readers.js';

const MEM = { unit: 'bytes', kind: 'gauge', labels: [], source: 'snapshot' } as const;

/** Memory and swap. */
export const MEMORY_METRICS = {
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
} as const satisfies Record<string, MetricDef>;
