import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/collect/snapshot.js';
import type { HostRecord } from '../../../src/fleet/host-repo.js';
import { createHostGauges } from '../../../src/web/metrics/host-gauges.js';

const share = { user: 10, system: 5, iowait: 1, steal: 2, idle: 82, total: 17 };
const latest: Snapshot = {
  host: 'h1',
  t: 1000,
  uptimeSec: 77,
  cpu: share,
  cores: [{ ...share, total: 50, core: 3 }],
  load: { l1: 1, l5: 2, l15: 3 },
  mem: { totalBytes: 100, usedBytes: 40, availableBytes: 60, cachedBytes: 20, usedPct: 40 },
  swap: { totalBytes: 10, usedBytes: 1 },
  disks: [
    { mount: '/', device: '/dev/sda1', fstype: 'ext4', sizeBytes: 90, usedBytes: 30, freeBytes: 60, usedPct: 33, inodesUsedPct: 12 },
    { mount: '/data', device: '/dev/sdb1', fstype: 'btrfs', sizeBytes: 9, usedBytes: 3, freeBytes: 6, usedPct: 33, inodesUsedPct: null },
  ],
  net: [{ iface: 'eth0', rxBps: 1, txBps: 2, rxPps: 3, txPps: 4, rxErrors: 5, txErrors: 6, rxDrops: 7, txDrops: 8 }],
  procs: { total: 210 },
};
const record = (over: Partial<HostRecord>): HostRecord => ({
  id: 'h1',
  info: null,
  lastSeen: 5000,
  firstSeen: 1000,
  tags: [],
  simulated: false,
  processes: null,
  latest,
  ...over,
});

async function exposition(records: HostRecord[]): Promise<string[]> {
  const registry = new Registry();
  createHostGauges(registry).update(records, { now: 6000, staleAfterMs: 10_000 });
  return (await registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('host gauges', () => {
  it('exports the catalogue figures in base units under node_exporter-like names', async () => {
    const lines = await exposition([record({})]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'checkup_host_up{host="h1"} 1',
        'checkup_host_uptime_seconds{host="h1"} 77',
        'checkup_host_cpu_usage_ratio{host="h1"} 0.17',
        'checkup_host_cpu_mode_ratio{host="h1",mode="user"} 0.1',
        'checkup_host_cpu_mode_ratio{host="h1",mode="idle"} 0.82',
        'checkup_host_memory_used_ratio{host="h1"} 0.4',
        'checkup_host_filesystem_size_bytes{host="h1",mount="/",device="/dev/sda1",fstype="ext4"} 90',
        'checkup_host_filesystem_inodes_used_ratio{host="h1",mount="/",device="/dev/sda1",fstype="ext4"} 0.12',
        'checkup_host_network_transmit_drops_per_second{host="h1",iface="eth0"} 8',
      ]),
    );
    // Per-core shares, packet rates and process counts are stored but not exported; no inode ratio without inode accounting.
    expect(lines.filter((l) => l.startsWith('checkup_host_cpu_usage_ratio'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('checkup_host_cpu_mode_ratio'))).toHaveLength(5);
    expect(lines.some((l) => /pps|packets_per_second|procs|processes/.test(l))).toBe(false);
    expect(lines.filter((l) => l.startsWith('checkup_host_filesystem_inodes_used_ratio'))).toHaveLength(1);
  });

  it('keeps one help text per gauge and leaves no stale series after an update without the host', async () => {
    const registry = new Registry();
    const gauges = createHostGauges(registry);
    gauges.update([record({})], { now: 6000, staleAfterMs: 10_000 });
    const text = await registry.metrics();
    expect(text).toContain('# HELP checkup_host_cpu_mode_ratio CPU share per mode over the last interval.');
    expect(text).toContain('# HELP checkup_host_filesystem_used_ratio Filesystem use as df shows it: used / (used + free).');
    gauges.update([record({ id: 'h2', latest: null, lastSeen: null })], { now: 6000, staleAfterMs: 10_000 });
    const after = (await registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(after).toEqual(['checkup_host_info{host="h2",os="",kernel="",simulated="false"} 1', 'checkup_host_up{host="h2"} 0']);
  });
});
