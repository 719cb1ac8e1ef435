import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCollector } from '../../../src/collect/index.js';
import type { StatFsLike } from '../../../src/collect/disks.js';
import { createTemperatureProbe } from '../../../src/collect/temperatures.js';
import { silentLogger, type Logger } from '../../../src/shared/logger.js';
import { FIXTURES, procTree, type ProcTree } from './proc-tree.js';

const statfs = async (): Promise<StatFsLike> => ({ bsize: 4096n, blocks: 1000n, bfree: 500n, bavail: 400n, files: 100n, ffree: 50n });

describe('temperatures', () => {
  it('reads hwmon chips, labels channels, numbers repeated names and drops disconnected inputs', async () => {
    const temps = await createTemperatureProbe({ sysRoot: `${FIXTURES}hwmon/sys` })();
    expect(temps).toEqual([
      { sensor: 'k10temp/Tctl', celsius: 45.25 },
      { sensor: 'k10temp/Tccd1', celsius: 38 },
      { sensor: 'nvme/Composite', celsius: 41.85 },
      { sensor: 'nvme/Composite#2', celsius: 39.85 },
      // hwmon3 keeps its attributes under device/; its temp1 reads -128 °C (nothing connected).
      { sensor: 'acpitz/temp2', celsius: 27.8 },
    ]);
  });

  it('falls back to thermal zones, skipping unreadable ones, and is null without sensors', async () => {
    expect(await createTemperatureProbe({ sysRoot: `${FIXTURES}thermal/sys` })()).toEqual([{ sensor: 'thermal/x86_pkg_temp', celsius: 51 }]);
    expect(await createTemperatureProbe({ sysRoot: `${FIXTURES}base/sys` })()).toBeNull();
  });
});

describe('collector with missing sources', () => {
  let tree: ProcTree;
  beforeEach(async () => {
    tree = await procTree();
  });
  afterEach(() => tree.cleanup());

  it('leaves out what it cannot read, warns once per source, and still reports the rest', async () => {
    const logger = silentLogger();
    const warn = vi.fn();
    logger.warn = warn as unknown as Logger['warn'];
    for (const rel of ['proc/diskstats', 'proc/net/dev', 'proc/meminfo', 'proc/loadavg', 'sys/block']) await tree.remove(rel);
    const c = createCollector({ logger, procRoot: tree.procRoot, sysRoot: tree.sysRoot, etcRoot: tree.etcRoot, statfs, source: 'proc' });
    await c.collect(1_000);
    await tree.write('proc/uptime', '1700.00 1.00\n');
    const s = await c.collect(200_000);
    expect(s).not.toHaveProperty('temperaturesC');
    expect(s.diskIo).toEqual([]);
    expect(s.net).toEqual([]);
    // meminfo and loadavg fall back to the os module: coarse, but the required fields are there.
    expect(s.mem.totalBytes).toBeGreaterThan(0);
    expect(s.mem.usedBytes).toBeLessThanOrEqual(s.mem.totalBytes);
    expect(Object.keys(s.load)).toEqual(['l1', 'l5', 'l15']);
    expect(s.disks.map((d) => d.mount)).toEqual(['/']);
    const files = warn.mock.calls.map((call) => (call[0] as { file: string }).file);
    expect(files.sort()).toEqual([`${tree.procRoot}/diskstats`, `${tree.procRoot}/loadavg`, `${tree.procRoot}/meminfo`, `${tree.procRoot}/net/dev`]);
  });

  it('survives an empty /proc: a snapshot with required fields only', async () => {
    const c = createCollector({
      logger: silentLogger(),
      procRoot: `${tree.root}/nothing`,
      sysRoot: `${tree.root}/nothing`,
      etcRoot: `${tree.root}/nothing`,
      source: 'proc',
    });
    const s = await c.collect(5);
    expect(s).toMatchObject({ t: 5, host: 'unknown', disks: [] });
    for (const key of ['cpu', 'uptimeSec', 'processes', 'temperaturesC'] as const) expect(s).not.toHaveProperty(key);
    expect(await c.hostInfo()).toEqual({ hostname: 'unknown', os: 'Linux', kernel: 'unknown', cpuModel: 'unknown', cores: 0, uptimeSec: 0 });
  });

  it('describes the fixture host from files, without spawning anything', async () => {
    const c = createCollector({ logger: silentLogger(), procRoot: tree.procRoot, sysRoot: tree.sysRoot, etcRoot: tree.etcRoot, statfs, source: 'proc' });
    expect(await c.hostInfo()).toEqual({
      hostname: 'vm',
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.18.44-fc-v769',
      cpuModel: 'AMD EPYC',
      cores: 2,
      uptimeSec: 1602.53,
    });
  });
});
