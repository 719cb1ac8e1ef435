import { createRng } from '../analyze/prng.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { SeriesStore } from '../store/types.js';
import { drawProfile, type HostProfile } from './host-profile.js';
import { hostPoints } from './host-series.js';
import { writeFlappingService } from './flapping-service.js';
import type { CheckStore } from '../checks/check-store.js';
import type { AlertStore } from '../alert/alert-store.js';
import { METRIC } from '../metrics/index.js';

export type SimulateResult = { hosts: string[]; samples: number; profiles: HostProfile[]; ms: number };

/**
 * Backfills `days` of history for `hosts` synthetic hosts, deterministically for a seed. Each
 * host is written in one bulk append and then compacted, so the tiers a report reads exist at once.
 * Hosts are marked simulated everywhere they appear.
 */
export async function simulateFleet(opts: {
  store: SeriesStore;
  hosts: HostRepo;
  /** Where simulated check history goes (the flapping service). */
  checks: CheckStore;
  /** Where its alerts go (fired and resolved); without it the service has checks and restarts only. */
  alerts?: AlertStore;
  count: number;
  days: number;
  seed: number;
  stepMs: number;
  now?: number;
  onHost?: (done: number, total: number) => void;
}): Promise<SimulateResult> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const to = Math.floor(now / opts.stepMs) * opts.stepMs;
  const from = to - opts.days * 86_400_000;
  const profiles = Array.from({ length: opts.count }, (_, i) => drawProfile(i, createRng(opts.seed * 1_000_003 + i)));
  let samples = 0;
  let done = 0;
  // Two hosts in flight: one is encoded while the other's writes are on the wire.
  const work = async (p: HostProfile, i: number) => {
    const rng = createRng(opts.seed * 7_919 + i * 31 + 1);
    const { points, last } = hostPoints(p, { from, to, step: opts.stepMs, rng });
    await opts.hosts.upsertInfo(
      p.id,
      { hostname: p.id, os: 'Simulated Linux', kernel: 'sim', cpuModel: 'Simulated CPU', cores: p.cores, uptimeSec: opts.days * 86_400, simulated: true },
      ['simulated'],
    );
    await opts.store.append(p.id, points);
    await opts.store.compact(p.id, now);
    const lastT = points[points.length - 1]?.t ?? to;
    await opts.hosts.recordSnapshot({
      host: p.id,
      t: lastT,
      load: { l1: last[METRIC.load1] ?? 0, l5: last[METRIC.load5] ?? 0, l15: last[METRIC.load15] ?? 0 },
      mem: {
        totalBytes: p.memTotal,
        usedBytes: last[METRIC.memUsed] ?? 0,
        availableBytes: last[METRIC.memAvailable] ?? 0,
        cachedBytes: 0,
        usedPct: last[METRIC.memUsedPct] ?? 0,
      },
      swap: { totalBytes: p.swapTotal, usedBytes: last[METRIC.swapUsed] ?? 0 },
      disks: p.disks.map((d) => {
        const used = last[`${METRIC.diskUsed}|${d.mount}`] ?? 0;
        return {
          mount: d.mount,
          device: d.device,
          fstype: 'ext4',
          sizeBytes: d.size,
          usedBytes: used,
          freeBytes: d.size - used,
          usedPct: last[`${METRIC.diskUsedPct}|${d.mount}`] ?? 0,
          inodesUsedPct: last[`${METRIC.diskInodesUsedPct}|${d.mount}`] ?? null,
        };
      }),
      processes: {
        byCpu: [{ pid: 1000 + i, name: 'postgres', user: 'postgres', cpuPct: 12.5, rssBytes: 512 * 1024 ** 2 }],
        byMem: [{ pid: 1000 + i, name: 'postgres', user: 'postgres', cpuPct: 12.5, rssBytes: 512 * 1024 ** 2 }],
      },
    });
    await opts.hosts.noteFirstSeen(p.id, points[0]?.t ?? from);
    if (p.flapping) await writeFlappingService({ checks: opts.checks, alerts: opts.alerts, host: p.id, from, to, rng, intervalMs: 30_000 });
    samples += points.length;
    opts.onHost?.(++done, profiles.length);
  };
  for (let i = 0; i < profiles.length; i += 2) await Promise.all(profiles.slice(i, i + 2).map((p, k) => work(p, i + k)));
  return { hosts: profiles.map((p) => p.id), samples, profiles, ms: performance.now() - started };
}
