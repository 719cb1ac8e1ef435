import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDiskProbe, diskUsageFrom, type StatFsLike } from '../../../src/collect/disks.js';
import { parseMounts, selectMounts } from '../../../src/collect/mounts.js';
import { silentLogger, type Logger } from '../../../src/shared/logger.js';
import { FIXTURES, procTree } from './proc-tree.js';

const read = (rel: string) => readFileSync(join(FIXTURES, rel), 'utf8');
const GiB = 1024n ** 3n;
const fs = (o: Partial<StatFsLike> = {}): StatFsLike => ({
  bsize: 4096n,
  blocks: (100n * GiB) / 4096n,
  bfree: (60n * GiB) / 4096n,
  bavail: (55n * GiB) / 4096n,
  files: 1000n,
  ffree: 750n,
  ...o,
});

function spyLogger(): { logger: Logger; info: ReturnType<typeof vi.fn> } {
  const logger = silentLogger();
  const info = vi.fn();
  logger.info = info as unknown as Logger['info'];
  return { logger, info };
}

describe('mount selection', () => {
  it('keeps real filesystems of a Docker host and says why the rest were skipped', () => {
    const { keep, skipped } = selectMounts(parseMounts(read('variants/mounts-docker-host')));
    expect(keep.map((m) => m.mount)).toEqual(['/', '/boot/efi', '/srv/data', '/mnt/backup', '/tank/media']);
    const why = Object.fromEntries(skipped.map((s) => [s.mount, s.reason]));
    expect(why).toMatchObject({
      '/proc': 'pseudo',
      '/run': 'pseudo',
      '/snap/core22/1380': 'pseudo',
      '/var/lib/docker/overlay2/3f1c9a/merged': 'container',
      '/run/docker/netns/5c2e1a': 'pseudo',
      '/var/lib/docker/volumes/pg/_data': 'container',
      '/mnt/live': 'overlay',
      // A bind mount of the root device: the shortest path (/) stands for it. Octal escapes decoded.
      '/home/alice/bind mount': 'duplicate',
      '/proc/sys/fs/binfmt_misc': 'pseudo',
    });
  });

  it("keeps a container's overlay root and one path per bind-mounted device", () => {
    const { keep, skipped } = selectMounts(parseMounts(read('variants/mounts-container')));
    expect(keep.map((m) => `${m.mount}:${m.fstype}`)).toEqual(['/:overlay', '/data:ext4']);
    expect(
      skipped
        .filter((s) => s.reason === 'duplicate')
        .map((s) => s.mount)
        .sort(),
    ).toEqual(['/etc/hostname', '/etc/hosts']);
  });

  it('treats a path mounted over as hidden, and never merges "none" devices', () => {
    const entries = parseMounts('/dev/sdb1 /mnt ext4 rw 0 0\n/dev/sdc1 /mnt xfs rw 0 0\nnone /a virtiofs rw 0 0\nnone /b virtiofs rw 0 0\n');
    const { keep, skipped } = selectMounts(entries);
    expect(keep.map((m) => `${m.device}@${m.mount}`)).toEqual(['/dev/sdc1@/mnt', 'none@/a', 'none@/b']);
    expect(skipped).toEqual([{ device: '/dev/sdb1', mount: '/mnt', fstype: 'ext4', reason: 'duplicate' }]);
  });
});

describe('disk usage', () => {
  it('computes sizes like df, and null inodes where the fs has none', () => {
    const d = diskUsageFrom({ mount: { device: '/dev/sda1', mount: '/', fstype: 'ext4' }, s: fs() });
    expect(d).toEqual({
      mount: '/',
      device: '/dev/sda1',
      fstype: 'ext4',
      sizeBytes: 100 * 2 ** 30,
      usedBytes: 40 * 2 ** 30,
      freeBytes: 55 * 2 ** 30,
      usedPct: (40 / 95) * 100,
      inodesUsedPct: 25,
    });
    expect(diskUsageFrom({ mount: { device: 'x', mount: '/b', fstype: 'btrfs' }, s: fs({ files: 0n, ffree: 0n }) })?.inodesUsedPct).toBeNull();
    expect(diskUsageFrom({ mount: { device: 'x', mount: '/e', fstype: 'weird' }, s: fs({ blocks: 0n }) })).toBeNull();
  });

  it('logs skipped mounts once, skips inaccessible and stuck mounts', async () => {
    const tree = await procTree();
    try {
      await tree.write('proc/self/mounts', read('variants/mounts-docker-host'));
      const { logger, info } = spyLogger();
      const statfs = vi.fn(async (path: string): Promise<StatFsLike> => {
        if (path === '/tank/media') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        if (path === '/mnt/backup') return new Promise(() => undefined); // a dead NFS server
        return fs();
      });
      const disks = createDiskProbe({ procRoot: tree.procRoot, logger, statfs, timeoutMs: 30 });

      const first = await disks();
      expect(first?.map((d) => d.mount)).toEqual(['/', '/boot/efi', '/srv/data']);
      expect(info).toHaveBeenCalledTimes(1);
      const logged = (info.mock.calls[0]?.[0] as { skipped: Array<{ mount: string; reason: string }> }).skipped;
      expect(logged).toContainEqual({ mount: '/var/lib/docker/overlay2/3f1c9a/merged', fstype: 'overlay', reason: 'container' });
      expect(logged).toContainEqual({ mount: '/tank/media', fstype: 'zfs', reason: 'inaccessible' });
      expect(logged).toContainEqual({ mount: '/mnt/backup', fstype: 'nfs4', reason: 'stuck' });

      const second = await disks();
      expect(second?.map((d) => d.mount)).toEqual(['/', '/boot/efi', '/srv/data']);
      expect(info).toHaveBeenCalledTimes(1);
      // The stuck mount is not asked again: its libuv thread is still blocked.
      expect(statfs.mock.calls.filter(([p]) => p === '/mnt/backup')).toHaveLength(1);

      // A new container mount is churn, not news; a new unreadable mount is logged, once.
      await tree.write(
        'proc/self/mounts',
        `${read('variants/mounts-docker-host')}overlay /var/lib/docker/overlay2/new/merged overlay rw 0 0\n/dev/sdz1 /tank/media2 ext4 rw 0 0\n`,
      );
      statfs.mockImplementation(async (path: string) => {
        if (path === '/tank/media2' || path === '/tank/media') throw new Error('EACCES');
        return fs();
      });
      await disks();
      await disks();
      expect(info).toHaveBeenCalledTimes(2);
      expect(info.mock.calls[1]?.[0]).toEqual({ skipped: [{ mount: '/tank/media2', fstype: 'ext4', reason: 'inaccessible' }] });
    } finally {
      await tree.cleanup();
    }
  });

  it('returns null without a mount table', async () => {
    const disks = createDiskProbe({ procRoot: '/nonexistent-proc', logger: silentLogger() });
    expect(await disks()).toBeNull();
  });
});
