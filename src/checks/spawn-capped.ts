import { spawn } from 'node:child_process';
import { stopwatch } from '../shared/elapsed.js';

export type SpawnOutcome = {
  exitCode: number | null;
  signal: string | null;
  /** Combined stdout + stderr, at most `maxOutputBytes`. */
  output: string;
  truncated: boolean;
  timedOut: boolean;
  /** Set when the program could not start (ENOENT, EACCES...). */
  error: NodeJS.ErrnoException | null;
  durationMs: number;
};

/** After exit, output still in flight gets this long; a daemon that inherited the pipe must not hold us. */
const DRAIN_MS = 150;

/**
 * Runs a program with an argument list (no shell unless `shell` is set), a hard timeout and a
 * capped output. Never throws and never hangs: on timeout the whole process group is killed.
 */
export function spawnCapped(opts: {
  file: string;
  args: string[];
  shell?: boolean;
  timeoutMs: number;
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
}): Promise<SpawnOutcome> {
  const elapsed = stopwatch();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let timedOut = false;
    let settled = false;
    let drainTimer: NodeJS.Timeout | null = null;
    const child = spawn(opts.file, opts.args, {
      shell: opts.shell ? '/bin/sh' : false,
      // Own process group, so a timeout can kill what the command started too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    const collect = (chunk: Buffer) => {
      if (size >= opts.maxOutputBytes) {
        truncated = true;
        return;
      }
      const room = opts.maxOutputBytes - size;
      if (chunk.length > room) truncated = true;
      const part = chunk.subarray(0, room);
      chunks.push(part);
      size += part.length;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const finish = (exitCode: number | null, signal: string | null, error: NodeJS.ErrnoException | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (drainTimer) clearTimeout(drainTimer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ exitCode, signal, output, truncated, timedOut, error, durationMs: elapsed() });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
      // The group is gone or going; do not wait for pipes a stuck grandchild might hold.
      setTimeout(() => finish(null, 'SIGKILL', null), DRAIN_MS);
    }, opts.timeoutMs);
    child.on('error', (err) => finish(null, null, err as NodeJS.ErrnoException));
    child.on('close', (code, signal) => finish(code, signal, null));
    child.on('exit', (code, signal) => {
      drainTimer = setTimeout(() => finish(code, signal, null), DRAIN_MS);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** One line for messages: "exit 3", "killed by SIGTERM", "timed out after 5s", "not found". */
export function describeOutcome(o: SpawnOutcome, timeoutMs: number): string {
  if (o.error) return o.error.code === 'ENOENT' ? 'program not found' : `could not start (${o.error.code ?? o.error.message})`;
  if (o.timedOut) return `timed out after ${timeoutMs} ms`;
  if (o.signal) return `killed by ${o.signal}`;
  return `exit ${o.exitCode}`;
}

/** The last `max` characters of the output on one line, for messages. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `…${flat.slice(-max)}` : flat;
}
