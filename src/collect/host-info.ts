import os from 'node:os';
import { parseUptime } from './loadavg.js';
import { parseProcStat } from './proc-stat.js';
import { readText } from './read-text.js';
import type { HostInfo } from './snapshot.js';

export type StaticHostInfo = Omit<HostInfo, 'uptimeSec'>;

/** PRETTY_NAME of os-release(5), quotes removed. */
export function parseOsRelease(text: string): string | null {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  const v = m?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
  return v || null;
}

/** x86 says "model name"; many ARM kernels only "Hardware", "Model" or "cpu model" (MIPS). */
export function parseCpuModel(text: string): string | null {
  for (const key of ['model name', 'Model', 'Hardware', 'cpu model', 'Processor']) {
    const m = new RegExp(`^${key}\\s*:\\s*(.+)$`, 'm').exec(text);
    if (m?.[1]?.trim()) return m[1].trim();
  }
  return null;
}

/**
 * Static host facts read from files, no child processes (systeminformation would spawn lscpu
 * and friends). The os module stands in only when reading the live system (`live`), because
 * in a fixture tree it would describe the wrong machine.
 */
export async function readStaticHostInfo(opts: { procRoot: string; etcRoot: string; live: boolean }): Promise<StaticHostInfo> {
  const [hostname, kernel, osRelease, usrOsRelease, cpuinfo, stat] = await Promise.all([
    readText(`${opts.procRoot}/sys/kernel/hostname`),
    readText(`${opts.procRoot}/sys/kernel/osrelease`),
    readText(`${opts.etcRoot}/os-release`),
    opts.live ? readText('/usr/lib/os-release') : Promise.resolve(null),
    readText(`${opts.procRoot}/cpuinfo`),
    readText(`${opts.procRoot}/stat`),
  ]);
  const live = <T>(v: () => T, otherwise: T) => (opts.live ? v() : otherwise);
  const cores = stat ? parseProcStat(stat).cores.length : 0;
  return {
    hostname: hostname?.trim() || live(() => os.hostname(), 'unknown'),
    os: parseOsRelease(osRelease ?? usrOsRelease ?? '') ?? live(() => `${os.type()} ${os.release()}`, 'Linux'),
    kernel: kernel?.trim() || live(() => os.release(), 'unknown'),
    cpuModel: parseCpuModel(cpuinfo ?? '') ?? live(() => os.cpus()[0]?.model ?? 'unknown', 'unknown'),
    cores: cores || live(() => os.availableParallelism(), 0),
  };
}

export async function readUptime(procRoot: string): Promise<number | null> {
  const text = await readText(`${procRoot}/uptime`);
  return text === null ? null : parseUptime(text);
}
