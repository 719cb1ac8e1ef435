import type { DiskUsage } from '../../collect/snapshot.js';
import type { RangePoint, RangeSeries } from '../../store/types.js';
import type { DiskForecast } from './forecasts.js';
import { pickSeries, seriesAvg, seriesLast, seriesMax } from './series-stats.js';
import { statusOf, THRESHOLDS, type Status } from './thresholds.js';

export type DiskRow = {
  mount: string;
  device: string;
  fstype: string;
  sizeBytes: number | null;
  usedBytes: number | null;
  freeBytes: number | null;
  usedPct: number | null;
  inodesUsedPct: number | null;
  /** OK/WARN/FAIL against the disk thresholds; null on a host with not enough data to score, which is not judged. */
  status: Status | null;
  forecast?: DiskForecast | null;
};
export type NetRow = {
  iface: string;
  rxAvg: number | null;
  txAvg: number | null;
  rxMax: number | null;
  txMax: number | null;
  errors: number | null;
  drops: number | null;
};
export type DiskIoRow = {
  device: string;
  readAvg: number | null;
  readMax: number | null;
  writeAvg: number | null;
  writeMax: number | null;
  iopsAvg: number | null;
  iopsMax: number | null;
  busyAvg: number | null;
  busyMax: number | null;
};

type Series = RangeSeries[];

export function diskRows(opts: {
  pct: Series;
  size: Series;
  used: Series;
  free: Series;
  inodes: Series;
  latest: DiskUsage[];
  /** False for a host with not enough data to score: the figures are shown, with no judgement. */
  judge: boolean;
}): DiskRow[] {
  const latest = new Map(opts.latest.map((d) => [d.mount, d]));
  return opts.pct
    .map((s) => {
      const mount = s.id.labels.mount ?? '?';
      const find = (all: Series) => seriesLast(pickSeries(all, s.id.labels)?.points ?? []);
      const usedPct = seriesLast(s.points);
      return {
        mount,
        device: latest.get(mount)?.device ?? '',
        fstype: latest.get(mount)?.fstype ?? '',
        sizeBytes: find(opts.size),
        usedBytes: find(opts.used),
        freeBytes: find(opts.free),
        usedPct,
        inodesUsedPct: find(opts.inodes),
        status: opts.judge ? statusOf(usedPct, THRESHOLDS.diskWarnPct, THRESHOLDS.diskFailPct) : null,
      };
    })
    .sort((a, b) => a.mount.localeCompare(b.mount));
}

/**
 * Interfaces with their traffic. One that carried nothing at all in the period (no byte, no error,
 * no drop: ifb0, a down bond slave) is left out unless named in `show`; the report says which.
 */
export function netRows(opts: {
  rx: Series;
  tx: Series;
  rxErr: Series;
  txErr: Series;
  rxDrop: Series;
  txDrop: Series;
  intervalMs: number;
  show: readonly string[];
}): { rows: NetRow[]; idle: string[]; unread: string[] } {
  const rows: NetRow[] = [];
  const idle: string[] = [];
  // No sample at all is not "no traffic": these are named apart, with no figure.
  const unread: string[] = [];
  for (const s of opts.rx) {
    const other = (all: Series) => pickSeries(all, s.id.labels)?.points ?? [];
    const total = (all: Series) => sumRate(other(all), opts.intervalMs);
    const row = {
      iface: s.id.labels.iface ?? '?',
      rxAvg: seriesAvg(s.points),
      txAvg: seriesAvg(other(opts.tx)),
      rxMax: seriesMax(s.points),
      txMax: seriesMax(other(opts.tx)),
      errors: add(total(opts.rxErr), total(opts.txErr)),
      drops: add(total(opts.rxDrop), total(opts.txDrop)),
    };
    const figures = [row.rxMax, row.txMax, row.errors, row.drops];
    const quiet = figures.every((v) => v === null || v === 0);
    if (figures.every((v) => v === null)) unread.push(row.iface);
    else if (quiet && !opts.show.includes(row.iface)) idle.push(row.iface);
    else rows.push(row);
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return { rows: rows.sort((a, b) => byName(a.iface, b.iface)), idle: idle.sort(byName), unread: unread.sort(byName) };
}

/** Throughput, requests and busy time per block device, busiest first. */
export function diskIoRows(opts: { readBps: Series; writeBps: Series; readIops: Series; writeIops: Series; busy: Series }): DiskIoRow[] {
  return opts.busy
    .map((s) => {
      const of = (all: Series) => pickSeries(all, s.id.labels)?.points ?? [];
      const iops = sumPoints(of(opts.readIops), of(opts.writeIops));
      return {
        device: s.id.labels.device ?? '?',
        readAvg: seriesAvg(of(opts.readBps)),
        readMax: seriesMax(of(opts.readBps)),
        writeAvg: seriesAvg(of(opts.writeBps)),
        writeMax: seriesMax(of(opts.writeBps)),
        iopsAvg: seriesAvg(iops),
        iopsMax: seriesMax(iops),
        busyAvg: seriesAvg(s.points),
        busyMax: seriesMax(s.points),
      };
    })
    .filter((r) => r.readAvg !== null || r.writeAvg !== null || r.busyAvg !== null)
    .sort((a, b) => (b.busyAvg ?? 0) - (a.busyAvg ?? 0) || a.device.localeCompare(b.device));
}

/** Bucket-wise a + b (same query, same buckets); a bucket is empty only when both are. */
export function sumPoints(a: RangePoint[], b: RangePoint[]): RangePoint[] {
  return a.map((p, i) => {
    const q = b[i];
    if (p.v === null && (q?.v ?? null) === null) return p;
    const v = (p.v ?? 0) + (q?.v ?? 0);
    // The peak of a sum is not the sum of peaks; the bucket average is what is known for sure.
    return { t: p.t, v, min: v, max: v, last: v, count: Math.max(p.count, q?.count ?? 0) };
  });
}

/**
 * A per-second rate over the period as a count: each sample's rate times the sampling interval it
 * stands for. Bucket width would be wrong both ways: sparse samples (one per two buckets) stand for
 * more than a bucket, and a partly filled bucket for less.
 */
function sumRate(points: { v: number | null; count: number }[], intervalMs: number): number | null {
  let total = 0;
  let any = false;
  for (const p of points) {
    if (p.v === null) continue;
    total += (p.v * p.count * intervalMs) / 1000;
    any = true;
  }
  return any ? total : null;
}

function add(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}
