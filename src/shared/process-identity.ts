import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as lock files and pid files name it: pid plus start time, so a reused pid is not mistaken for it. */
export type ProcessIdentity = { host: string; pid: number; startTime: string | null };

/** The kernel's start time of `pid` (clock ticks since boot, /proc/<pid>/stat field 22); null off Linux or if gone. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function thisProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, startTime: processStartTime(process.pid) };
}

/**
 * Whether the process is certainly gone. Only answerable on this host: for another host's process
 * the answer is false (not known to be dead), and callers fall back on a time-out.
 */
export function knownDead(p: Partial<ProcessIdentity>): boolean {
  if (p.host !== hostname() || typeof p.pid !== 'number' || p.pid <= 0) return false;
  try {
    process.kill(p.pid, 0);
  } catch (err) {
    // EPERM: it exists under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = processStartTime(p.pid);
  // Same pid, other start time: the pid was reused by a new process, ours is gone.
  return Boolean(p.startTime && now && now !== p.startTime);
}
