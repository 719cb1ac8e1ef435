import type { CpuShare, DiskIo, DiskUsage, NetIo, Snapshot } from '../collect/snapshot.js';
import type { SnapshotSample } from './metric-def.js';

type Reader = (s: Snapshot) => SnapshotSample[];

/** A host-wide value: one sample without labels. */
export const hostWide =
  (v: (s: Snapshot) => number | null | undefined): Reader =>
  (s) => [{ v: v(s) }];

/** The host-wide share, then one per core labelled with its kernel cpu number. */
export const perCpu =
  (field: keyof Omit<CpuShare, 'core'>): Reader =>
  (s) => [...(s.cpu ? [{ v: s.cpu[field] }] : []), ...(s.cores ?? []).map((c, i) => ({ v: c[field], labels: { core: String(c.core ?? i) } }))];

/** Stored by mount; device and type go to Prometheus only, as node_exporter labels them. */
export const perFilesystem =
  (v: (d: DiskUsage) => number | null): Reader =>
  (s) =>
    s.disks.map((d) => ({ v: v(d), labels: { mount: d.mount }, info: { device: d.device, fstype: d.fstype } }));

export const perBlockDevice =
  (v: (d: DiskIo) => number): Reader =>
  (s) =>
    (s.diskIo ?? []).map((d) => ({ v: v(d), labels: { device: d.device } }));

export const perInterface =
  (v: (n: NetIo) => number): Reader =>
  (s) =>
    (s.net ?? []).map((n) => ({ v: v(n), labels: { iface: n.iface } }));

export const perSensor: Reader = (s) => (s.temperaturesC ?? []).map((t) => ({ v: t.celsius, labels: { sensor: t.sensor } }));
