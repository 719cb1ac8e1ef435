import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** A whole process's CPU (utime + stime of all its threads) in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields 14 and 15 (utime, stime), counted from 1 with pid and comm before the ')'.
  const f = text
    .slice(text.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return (((f[11] ?? 0) + (f[12] ?? 0)) * 1000) / CLK_TCK;
}

/** Scheduler runtime of all the process's threads, in ms (threads that ended are not counted). */
export function runtimeMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0] ?? 0);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}
