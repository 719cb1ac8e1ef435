import { spawn, type ChildProcess } from 'node:child_process';
import { JsonLineReader, type JsonLine } from './json-lines.js';

export type JournalExit = {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The spawn itself failed: ENOENT means journalctl is not installed (or not at that path). */
  spawnError: string | null;
  /** The end of its stderr, for the warning. */
  stderr: string;
};

const STDERR_KEEP = 4096;

/**
 * One journalctl child streaming JSON lines. Backpressure: `pause()` stops reading its stdout, the
 * pipe fills and journalctl blocks in write(2) until `resume()`; nothing is lost or buffered
 * without bound. A line cut by the child's death is dropped (its entry is read again from the cursor).
 */
export class JournalProcess {
  private child: ChildProcess | null;
  private stderr = '';
  private paused = false;
  private ended = false;
  private readonly reader: JsonLineReader;

  constructor(opts: {
    command: string;
    args: string[];
    capBytes: number;
    maxValueBytes: number;
    onLine: (line: JsonLine) => void;
    onExit: (exit: JournalExit) => void;
  }) {
    this.reader = new JsonLineReader({ capBytes: opts.capBytes, maxValueBytes: opts.maxValueBytes, onLine: opts.onLine });
    // JSON output is the same in every locale, and --no-pager keeps less away: the environment is inherited as is.
    const child = spawn(opts.command, opts.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let spawnError: string | null = null;
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err.code ?? err.message;
    });
    child.stdout!.on('data', (chunk: Buffer) => this.reader.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.on('close', (code, signal) => {
      this.ended = true;
      this.child = null;
      this.reader.reset();
      opts.onExit({ code, signal, spawnError, stderr: this.stderr.trim() });
    });
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return !this.ended;
  }

  pause(): void {
    if (this.paused || !this.child) return;
    this.paused = true;
    this.child.stdout!.pause();
  }

  resume(): void {
    if (!this.paused || !this.child) return;
    this.paused = false;
    this.child.stdout!.resume();
  }

  /** Ends the child and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.ended) return;
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    // 'close' waits for stdout to end: let a paused stream flow again and drop what is left unread.
    child.stdout!.removeAllListeners('data');
    child.stdout!.resume();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await closed;
    clearTimeout(timer);
  }
}
