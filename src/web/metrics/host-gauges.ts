import { Gauge, type Registry } from 'prom-client';
import type { HostRecord } from '../../fleet/host-repo.js';
import { METRIC_DEFS, snapshotSamples, type MetricDef, type PromSpec } from '../../metrics/index.js';

type G = Gauge<string>;
type Exported = { prom: PromSpec; gauge: G; labels: readonly string[] };

/**
 * The latest collected figures per host, in Prometheus' base units (bytes, seconds, ratios 0–1),
 * named after node_exporter's where one exists so dashboards feel familiar. Which figures, their
 * names and help come from the metric catalogue; the host facts below come from the host record.
 */
export function createHostGauges(registry: Registry) {
  const g = (name: string, help: string, labelNames: readonly string[] = []): G =>
    new Gauge({ name: `checkup_host_${name}`, help, labelNames: ['host', ...labelNames], registers: [registry] });
  const info = g('info', 'Host facts as labels; always 1.', ['os', 'kernel', 'simulated']);
  const lastSeen = g('last_seen_timestamp_seconds', 'Collection time of the latest snapshot.');
  const up = g('up', '1 when the host sent a snapshot within three collection intervals, else 0.');
  const { exported, gauges } = promExports(g);
  const all = [info, lastSeen, up, ...gauges];

  /** Replaces every value: hosts, mounts and interfaces that went away leave no stale series. */
  const update = (records: HostRecord[], opts: { now: number; staleAfterMs: number }) => {
    for (const gauge of all) gauge.reset();
    for (const r of records) {
      const host = r.id;
      info.set({ host, os: r.info?.os ?? '', kernel: r.info?.kernel ?? '', simulated: String(r.simulated) }, 1);
      if (r.lastSeen !== null) lastSeen.set({ host }, r.lastSeen / 1000);
      up.set({ host }, r.lastSeen !== null && opts.now - r.lastSeen <= opts.staleAfterMs ? 1 : 0);
      if (!r.latest) continue;
      for (const x of snapshotSamples(r.latest)) {
        const e = exported.get(x.def);
        if (!e) continue;
        const labels = x.labels ?? {};
        if (Object.keys(labels).some((k) => !e.labels.includes(k))) continue;
        const infoLabels = Object.fromEntries((e.prom.infoLabels ?? []).map((k) => [k, x.info?.[k] ?? '']));
        e.gauge.set({ host, ...labels, ...infoLabels, ...e.prom.constLabels }, e.prom.ratio ? x.v / 100 : x.v);
      }
    }
  };
  return { update };
}

/** One gauge per exported name; metrics sharing a name (the CPU modes) share the gauge. */
function promExports(g: (name: string, help: string, labelNames: readonly string[]) => G) {
  const gauges = new Map<string, G>();
  const exported = new Map<MetricDef, Exported>();
  for (const def of METRIC_DEFS) {
    const prom = def.prom;
    if (!prom) continue;
    const labels = prom.labels ?? def.labels;
    let gauge = gauges.get(prom.name);
    if (!gauge) {
      gauge = g(prom.name, prom.help ?? def.description, [...labels, ...(prom.infoLabels ?? []), ...Object.keys(prom.constLabels ?? {})]);
      gauges.set(prom.name, gauge);
    }
    exported.set(def, { prom, gauge, labels });
  }
  return { exported, gauges: [...gauges.values()] };
}
