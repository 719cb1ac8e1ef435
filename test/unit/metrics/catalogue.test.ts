import { describe, expect, it } from 'vitest';
import { CATALOGUE, METRIC, METRIC_DEFS, findMetric, snapshotSamples, storedMetricProblem } from '../../../src/metrics/index.js';
import { CHECK_METRICS } from '../../../src/metrics/families/check-metrics.js';
import { CPU_METRICS } from '../../../src/metrics/families/cpu-metrics.js';
import { DISK_METRICS } from '../../../src/metrics/families/disk-metrics.js';
import { HOST_METRICS } from '../../../src/metrics/families/host-metrics.js';
import { MEMORY_METRICS } from '../../../src/metrics/families/memory-metrics.js';
import { NETWORK_METRICS } from '../../../src/metrics/families/network-metrics.js';

describe('metric catalogue', () => {
  it('has one entry per key and per name across its families', () => {
    const families = [CPU_METRICS, MEMORY_METRICS, DISK_METRICS, NETWORK_METRICS, HOST_METRICS, CHECK_METRICS];
    // Spreading families silently drops a repeated key: the sizes would differ.
    expect(families.reduce((n, f) => n + Object.keys(f).length, 0)).toBe(Object.keys(CATALOGUE).length);
    expect(new Set(METRIC_DEFS.map((d) => d.name)).size).toBe(METRIC_DEFS.length);
    for (const d of METRIC_DEFS) {
      expect(d.name).toMatch(/^[a-z]+\.[a-z0-9_]+$/);
      expect(findMetric(d.name)).toBe(d);
    }
    expect(METRIC.diskUsedPct).toBe('disk.used_pct');
    expect(findMetric('cpu.usr')).toBeUndefined();
  });

  it('reads from snapshots exactly the snapshot metrics, and labels only with declared label names', () => {
    for (const d of METRIC_DEFS) expect(d.read !== undefined, d.name).toBe(d.source === 'snapshot');
    const share = { user: 10, system: 5, iowait: 1, steal: 2, idle: 82, total: 17 };
    const samples = snapshotSamples({
      host: 'h',
      t: 1,
      uptimeSec: 5,
      cpu: share,
      cores: [{ ...share, core: 1 }],
      load: { l1: 1, l5: 1, l15: 1 },
      contextSwitchesPerSec: 3,
      mem: { totalBytes: 4, usedBytes: 2, availableBytes: 2, cachedBytes: 1, usedPct: 50 },
      swap: { totalBytes: 0, usedBytes: 0 },
      disks: [{ mount: '/', device: 'sda1', fstype: 'xfs', sizeBytes: 2, usedBytes: 1, freeBytes: 1, usedPct: 50, inodesUsedPct: 1 }],
      diskIo: [{ device: 'sda', readBps: 1, writeBps: 1, readIops: 1, writeIops: 1, busyPct: 1 }],
      net: [{ iface: 'lo', rxBps: 1, txBps: 1, rxPps: 1, txPps: 1, rxErrors: 0, txErrors: 0, rxDrops: 0, txDrops: 0 }],
      temperaturesC: [{ sensor: 'cpu', celsius: 40 }],
      procs: { total: 1, running: 1, blocked: 0, zombie: 0 },
    });
    // Every snapshot metric has a value in a full snapshot.
    expect(new Set(samples.map((x) => x.def.name))).toEqual(new Set(METRIC_DEFS.filter((d) => d.read).map((d) => d.name)));
    for (const x of samples) for (const k of Object.keys(x.labels ?? {})) expect(x.def.labels, x.def.name).toContain(k);
  });

  it('gives metrics that share a Prometheus gauge the same help and label names, told apart by constant labels', () => {
    const byGauge = new Map<string, Array<(typeof METRIC_DEFS)[number]>>();
    for (const d of METRIC_DEFS) if (d.prom) byGauge.set(d.prom.name, [...(byGauge.get(d.prom.name) ?? []), d]);
    expect(byGauge.get('cpu_mode_ratio')?.map((d) => d.prom?.constLabels?.mode)).toEqual(['user', 'system', 'iowait', 'steal', 'idle']);
    for (const [gauge, defs] of byGauge) {
      if (defs.length === 1) continue;
      const shape = (d: (typeof defs)[number]) =>
        JSON.stringify([d.prom?.help ?? d.description, d.prom?.labels ?? d.labels, d.prom?.infoLabels, Object.keys(d.prom?.constLabels ?? {})]);
      expect(new Set(defs.map(shape)).size, gauge).toBe(1);
      expect(new Set(defs.map((d) => JSON.stringify(d.prom?.constLabels))).size, gauge).toBe(defs.length);
    }
  });

  it('says why a name cannot be read from the store: unknown, or exported only', () => {
    expect(storedMetricProblem(METRIC.cpuTotal)).toBeNull();
    expect(storedMetricProblem(METRIC.checkLatencyMs)).toBeNull();
    expect(storedMetricProblem('cpu.bogus')).toMatch(/^unknown metric "cpu\.bogus" \(stored: .*cpu\.total/);
    expect(storedMetricProblem('cpu.bogus')).not.toContain('cpu.idle');
    expect(storedMetricProblem('cpu.idle')).toBe('metric "cpu.idle" is exported to Prometheus but not stored');
  });
});
