import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export type WatchedChild = {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout holds `text`; rejects if the child exits first or time runs out. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
};

/** A TypeScript script of this repo in a child process (node --import tsx), its output kept. */
export function spawnScript(script: string, args: string[], opts: SpawnOptions = {}): WatchedChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const has = (t: string | RegExp) => (typeof t === 'string' ? out.includes(t) : t.test(out));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!has(text)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} exited before "${String(text)}": ${err.slice(-2000)}`);
        if (Date.now() > deadline)
          throw new Error(`${script}: no "${String(text)}" within ${timeoutMs} ms; stdout ${out.slice(-500)}; stderr ${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
