import type { MetricDef } from '../metric-def.js';
import { hostWide, perCpu } from '../snapshot-readers.js';

const CPU_MODE = { name: 'cpu_mode_ratio', help: 'CPU share per mode over the last interval.', ratio: true, labels: [] } as const;
const LOAD = { unit: 'load', kind: 'gauge', labels: [], source: 'snapshot' } as const;
const CPU = { unit: 'percent', kind: 'rate', labels: ['core'], source: 'snapshot' } as const;

/** CPU shares (host-wide and per core), load averages and context switches. */
export const CPU_METRICS = {
  cpuTotal: {
    ...CPU,
    name: 'cpu.total',
    description: 'Busy CPU share over the last interval (1 - idle - iowait).',
    read: perCpu('total'),
    prom: { name: 'cpu_usage_ratio', ratio: true, labels: [] },
  },
  cpuUser: {
    ...CPU,
    name: 'cpu.user',
    description: 'CPU share in user mode, nice included.',
    read: perCpu('user'),
    prom: { ...CPU_MODE, constLabels: { mode: 'user' } },
  },
  cpuSystem: {
    ...CPU,
    name: 'cpu.system',
    description: 'CPU share in kernel mode, irq and softirq included.',
    read: perCpu('system'),
    prom: { ...CPU_MODE, constLabels: { mode: 'system' } },
  },
  cpuIowait: {
    ...CPU,
    name: 'cpu.iowait',
    description: 'CPU share idle while waiting for I/O.',
    read: perCpu('iowait'),
    prom: { ...CPU_MODE, constLabels: { mode: 'iowait' } },
  },
  cpuSteal: {
    ...CPU,
    name: 'cpu.steal',
    description: 'CPU share taken by the hypervisor.',
    read: perCpu('steal'),
    prom: { ...CPU_MODE, constLabels: { mode: 'steal' } },
  },
  // Idle is 100 minus the stored modes: exported and alertable, not worth a series per core.
  cpuIdle: {
    ...CPU,
    name: 'cpu.idle',
    stored: false,
    description: 'CPU share idle.',
    read: perCpu('idle'),
    prom: { ...CPU_MODE, constLabels: { mode: 'idle' } },
  },
  load1: { ...LOAD, name: 'load.1', description: 'Load average over 1 minute.', read: hostWide((s) => s.load.l1), prom: { name: 'load1' } },
  load5: { ...LOAD, name: 'load.5', description: 'Load average over 5 minutes.', read: hostWide((s) => s.load.l5), prom: { name: 'load5' } },
  load15: { ...LOAD, name: 'load.15', description: 'Load average over 15 minutes.', read: hostWide((s) => s.load.l15), prom: { name: 'load15' } },
  cpuCtxSwitches: {
    unit: 'switches/s',
    kind: 'rate',
    labels: [],
    source: 'snapshot',
    name: 'cpu.ctx_switches',
    description: 'Context switches per second over the last interval.',
    read: hostWide((s) => s.contextSwitchesPerSec),
    prom: { name: 'context_switches_per_second' },
  },
} as const satisfies Record<string, MetricDef>;
