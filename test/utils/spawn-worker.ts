import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export type SpawnedWorker = {
  child: ChildProcess;
  /** Also the process group id: the worker leads its own group, as under a service manager. */
  pid: number;
  /** Resolves when the worker printed a line containing `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** `kill -9 -PGID`: the worker and everything left in its process group. */
  killGroup(signal?: NodeJS.Signals): Promise<void>;
  /** Lets a worker held at its `holdAt` checkpoint go on. */
  resume(): void;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
  output(): string;
};

/**
 * test/utils/worker-process.ts in a process of its own group. `pauseAt` names the checkpoint at
 * which it stops for good (and prints "paused <name>") so the test can kill it there; `holdAt`
 * one where it waits once ("held <name>") until `resume()`.
 */
export async function spawnWorker(opts: { raw: object; env?: Record<string, string>; pauseAt?: string; holdAt?: string }): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/utils/worker-process.ts'], {
    env: {
      ...process.env,
      ...opts.env,
      CHECKUP_TEST_CONFIG: JSON.stringify(opts.raw),
      ...(opts.pauseAt ? { CHECKUP_TEST_PAUSE_AT: opts.pauseAt } : {}),
      ...(opts.holdAt ? { CHECKUP_TEST_HOLD_AT: opts.holdAt } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (text: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!out.includes(text)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker ${child.pid} exited before "${text}": ${err.slice(-2000)}`);
      if (Date.now() > deadline)
        throw new Error(`worker ${child.pid}: no "${text}" within ${timeoutMs} ms; stdout: ${out.slice(-500)} stderr: ${err.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const pid = child.pid!;
  const worker: SpawnedWorker = {
    child,
    pid,
    waitFor,
    async killGroup(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
      await exited;
    },
    resume() {
      child.kill('SIGUSR2');
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => void worker.killGroup(), 15_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => out,
  };
  await waitFor('ready', 90_000);
  return worker;
}

/** Whether a process exists (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Chromium browser processes started by `parentPid` (its direct children running chromium). */
export function chromiumChildren(parentPid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('chromium')) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Whether any process is left in process group `pgid`. */
export function groupAlive(pgid: number): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}
