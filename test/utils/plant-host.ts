import { snapshotToPoints } from '../../src/collect/index.js';
import type { HostInfo, ProcessInfo, Snapshot } from '../../src/collect/snapshot.js';
import type { AppDeps } from '../../src/app/deps.js';

type PlantOpts = {
  host: string;
  /** Snapshots, oldest first, `stepMs` apart, the last at `end`. */
  count: number;
  stepMs: number;
  end?: number;
  cpu?: (i: number) => number;
  mem?: (i: number) => number;
  disks?: Array<{ mount: string; usedPct: (i: number) => number; device?: string }>;
  processes?: ProcessInfo[];
  tags?: string[];
  simulated?: boolean;
  info?: Partial<HostInfo>;
};

/**
 * Writes a host the way an agent does (store.append of snapshotToPoints, then recordSnapshot), with
 * figures the test chooses, so assertions can name exact values.
 */
export async function plantHost(deps: Pick<AppDeps, 'store' | 'hosts'>, o: PlantOpts): Promise<Snapshot[]> {
  const end = o.end ?? Date.now();
  await deps.hosts.upsertInfo(
    o.host,
    {
      hostname: o.host,
      os: 'Test Linux 1.0',
      kernel: '6.1.0-test',
      cpuModel: 'Test CPU',
      cores: 4,
      uptimeSec: 86_400,
      simulated: o.simulated ?? false,
      ...o.info,
    },
    o.tags ?? [],
  );
  const out: Snapshot[] = [];
  for (let i = 0; i < o.count; i++) {
    const t = end - (o.count - 1 - i) * o.stepMs;
    const cpu = o.cpu?.(i) ?? 20;
    const memPct = o.mem?.(i) ?? 40;
    const total = 8 * 1024 ** 3;
    const s: Snapshot = {
      host: o.host,
      t,
      uptimeSec: 86_400 + i * (o.stepMs / 1000),
      cpu: { user: cpu * 0.8, system: cpu * 0.2, iowait: 0, steal: 0, idle: 100 - cpu, total: cpu },
      load: { l1: 0.5, l5: 0.4, l15: 0.3 },
      mem: { totalBytes: total, usedBytes: (total * memPct) / 100, availableBytes: total * (1 - memPct / 100), cachedBytes: 1024 ** 3, usedPct: memPct },
      swap: { totalBytes: 0, usedBytes: 0 },
      disks: (o.disks ?? [{ mount: '/', usedPct: () => 50 }]).map((d) => {
        const size = 100 * 1024 ** 3;
        const pct = d.usedPct(i);
        return {
          mount: d.mount,
          device: d.device ?? '/dev/vda1',
          fstype: 'ext4',
          sizeBytes: size,
          usedBytes: (size * pct) / 100,
          freeBytes: (size * (100 - pct)) / 100,
          usedPct: pct,
          inodesUsedPct: 3,
        };
      }),
      net: [{ iface: 'eth0', rxBps: 1000 + i, txBps: 500, rxPps: 10, txPps: 5, rxErrors: 0, txErrors: 0, rxDrops: 0, txDrops: 0 }],
      ...(o.processes && i === o.count - 1 ? { processes: { byCpu: o.processes, byMem: o.processes } } : {}),
    };
    await deps.store.append(o.host, snapshotToPoints(s));
    await deps.hosts.recordSnapshot(s);
    out.push(s);
  }
  return out;
}
