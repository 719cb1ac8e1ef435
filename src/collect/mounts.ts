export type MountEntry = { device: string; mount: string; fstype: string };

export type SkipReason = 'pseudo' | 'container' | 'overlay' | 'duplicate' | 'inaccessible' | 'stuck' | 'empty';
export type SkippedMount = MountEntry & { reason: SkipReason };

/** Kernel and memory filesystems, and read-only images that are always 100% full. */
const PSEUDO_FS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'ramfs',
  'cgroup',
  'cgroup2',
  'securityfs',
  'debugfs',
  'tracefs',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'pstore',
  'bpf',
  'binfmt_misc',
  'autofs',
  'rpc_pipefs',
  'nsfs',
  'efivarfs',
  'selinuxfs',
  'nfsd',
  'devfs',
  'squashfs',
  'erofs',
  'iso9660',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'fuse.portal',
  'fuse.snapfuse',
]);

/** Union filesystems: a container's root. Only `/` is kept, for hosts that are themselves containers. */
const LAYERED_FS = new Set(['overlay', 'aufs']);

/** Mount points owned by container runtimes (per-container roots, volumes, secrets). */
const CONTAINER_PREFIXES = [
  '/var/lib/docker/',
  '/var/lib/containers/',
  '/var/lib/kubelet/',
  '/var/lib/rancher/',
  '/var/lib/lxcfs',
  '/run/containerd/',
  '/run/docker/',
  '/run/k3s/',
  '/run/netns/',
  '/snap/',
];
const KERNEL_PREFIXES = ['/proc', '/sys', '/dev'];

/** mounts escapes space, tab, newline and backslash as octal (\040 ...). */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** /proc/self/mounts (fstab format): device, mount point, type, options, dump, pass. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fstype] = line.split(' ');
    if (device === undefined || mount === undefined || fstype === undefined) continue;
    out.push({ device: unescape(device), mount: unescape(mount), fstype });
  }
  return out;
}

function under(mount: string, prefixes: string[]): boolean {
  return prefixes.some((p) => (p.endsWith('/') ? mount.startsWith(p) : mount === p || mount.startsWith(`${p}/`)));
}

function classify(m: MountEntry): SkipReason | null {
  if (PSEUDO_FS.has(m.fstype) || under(m.mount, KERNEL_PREFIXES)) return 'pseudo';
  if (under(m.mount, CONTAINER_PREFIXES)) return 'container';
  if (LAYERED_FS.has(m.fstype) && m.mount !== '/') return 'overlay';
  return null;
}

/**
 * The mounts worth a statfs. A path mounted over hides the earlier mount: the last one is what
 * statfs sees. The same device mounted twice (bind mounts, btrfs subvolumes of one pool) would
 * report the same space twice: the shortest mount path stands for it. "none" devices are distinct
 * filesystems that merely lack a source name, so they are never merged.
 */
export function selectMounts(entries: MountEntry[]): { keep: MountEntry[]; skipped: SkippedMount[] } {
  const skipped: SkippedMount[] = [];
  const byMount = new Map<string, MountEntry>();
  for (const m of entries) {
    const hidden = byMount.get(m.mount);
    if (hidden) {
      skipped.push({ ...hidden, reason: 'duplicate' });
      byMount.delete(m.mount);
    }
    const reason = classify(m);
    if (reason) skipped.push({ ...m, reason });
    else byMount.set(m.mount, m);
  }
  const byDevice = new Map<string, MountEntry>();
  for (const m of byMount.values()) {
    const key = m.device === 'none' ? `none:${m.mount}` : m.device;
    const prior = byDevice.get(key);
    if (!prior || m.mount.length < prior.mount.length) byDevice.set(key, m);
    const loser = !prior ? undefined : byDevice.get(key) === m ? prior : m;
    if (loser) skipped.push({ ...loser, reason: 'duplicate' });
  }
  return { keep: [...byDevice.values()], skipped };
}
