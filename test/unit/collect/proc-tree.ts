import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/proc/', import.meta.url));

export type ProcTree = {
  root: string;
  procRoot: string;
  sysRoot: string;
  etcRoot: string;
  /** Writes a file relative to the tree root, e.g. "proc/stat". */
  write(rel: string, text: string): Promise<void>;
  remove(rel: string): Promise<void>;
  cleanup(): Promise<void>;
};

/** A writable copy of a fixture tree (default: the captured base), so tests can step time. */
export async function procTree(from = 'base'): Promise<ProcTree> {
  const root = await mkdtemp(join(tmpdir(), 'checkup-proc-'));
  await cp(join(FIXTURES, from), root, { recursive: true });
  return {
    root,
    procRoot: join(root, 'proc'),
    sysRoot: join(root, 'sys'),
    etcRoot: join(root, 'etc'),
    async write(rel, text) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), text);
    },
    remove: (rel) => rm(join(root, rel), { recursive: true, force: true }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** [user, nice, system, idle, iowait, irq, softirq, steal] in jiffies. */
export type Jiffies = [number, number, number, number, number, number, number, number];

export function statText(o: { total: Jiffies; cores: Jiffies[]; ctxt: number; btime: number }): string {
  const line = (name: string, j: Jiffies) => `${name} ${j.join(' ')} 0 0`;
  return [
    line('cpu ', o.total),
    ...o.cores.map((j, i) => line(`cpu${i}`, j)),
    'intr 1000 0 0',
    `ctxt ${o.ctxt}`,
    `btime ${o.btime}`,
    'processes 20000',
    'procs_running 1',
    'procs_blocked 0',
    '',
  ].join('\n');
}

export const uptimeText = (sec: number) => `${sec.toFixed(2)} ${(sec * 1.5).toFixed(2)}\n`;

export type NetRow = {
  iface: string;
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
  rxErrors?: number;
  rxDrops?: number;
  txErrors?: number;
  txDrops?: number;
};

export function netDevText(rows: NetRow[]): string {
  const head =
    'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  return (
    head +
    rows
      .map(
        (r) =>
          `${r.iface.padStart(6)}: ${r.rxBytes} ${r.rxPackets} ${r.rxErrors ?? 0} ${r.rxDrops ?? 0} 0 0 0 0 ${r.txBytes} ${r.txPackets} ${r.txErrors ?? 0} ${r.txDrops ?? 0} 0 0 0 0`,
      )
      .join('\n') +
    '\n'
  );
}

export type DiskRow = { device: string; reads: number; readSectors: number; writes: number; writeSectors: number; ioTicksMs: number };

export function diskstatsText(rows: DiskRow[]): string {
  return rows
    .map((r, i) => ` 254 ${i} ${r.device} ${r.reads} 0 ${r.readSectors} 10 ${r.writes} 0 ${r.writeSectors} 20 0 ${r.ioTicksMs} 30 0 0 0 0 0 0\n`)
    .join('');
}

export function pidStatText(o: { pid: number; comm: string; utime: number; stime: number; startTicks: number; rssPages: number; state?: string }): string {
  // Fields 3..24 of proc(5); the ones the probe reads are placed, the rest are plausible fillers.
  const f = [o.state ?? 'S', 1, o.pid, o.pid, 0, -1, 4194304, 100, 0, 0, 0, o.utime, o.stime, 0, 0, 20, 0, 1, 0, o.startTicks, 100000000, o.rssPages];
  return `${o.pid} (${o.comm}) ${f.join(' ')} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
}

export function pidStatusText(o: { name: string; uid: number; rssKb?: number }): string {
  const rss = o.rssKb === undefined ? '' : `VmRSS:\t${o.rssKb} kB\n`;
  return `Name:\t${o.name}\nState:\tS (sleeping)\nUid:\t${o.uid}\t${o.uid}\t${o.uid}\t${o.uid}\nGid:\t0\t0\t0\t0\n${rss}Threads:\t1\n`;
}
