import type { MetricDef } from '../metric-def.js';
import { hostWide, perSensor } from '../snapshot-readers.js';

const PROCS = { unit: 'count', kind: 'gauge', labels: [], source: 'snapshot' } as const;

/** Uptime, process counts and sensor temperatures. */
export const HOST_METRICS = {
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
} as const satisfies Record<string, MetricDef>;
