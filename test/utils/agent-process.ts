import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type AgentProcess = {
  child: ChildProcess;
  pid: number;
  /** Resolves when the agent logged a line containing `text` (its log is JSON lines on stderr). */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  log(): string;
  /** SIGKILL, like a crash or the OOM killer: nothing is flushed, nothing committed. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<void>;
};

/**
 * The test runner's environment without the variables that override a config file, so a child
 * started with `--config` reads its Redis, prefix and data dir from the file alone (a runner with
 * REDIS_URL set would otherwise point the child at another server).
 */
export function configOnlyEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of ['REDIS_URL', 'CHECKUP_REDIS_PREFIX', 'CHECKUP_DATA_DIR', 'CHECKUP_HOST_ID', 'CHECKUP_LOG_LEVEL', 'CHECKUP_CONFIG']) delete env[k];
  return env;
}

/**
 * `checkup --config <dir>/checkup.json agent`, the agent as a user runs it (the CLI from the
 * sources), in a process group of its own. `raw` is the config; the file is JSON, which YAML reads.
 */
export function startAgentProcess(opts: { dir: string; raw: object; name?: string }): AgentProcess {
  const file = join(opts.dir, `${opts.name ?? 'checkup'}.json`);
  writeFileSync(file, JSON.stringify(opts.raw), { mode: 0o600 });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--config', file, 'agent'], {
    env: configOnlyEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    // Enough to explain a failure; an agent running for minutes must not fill the test's memory.
    if (err.length > 2_000_000) err = err.slice(-1_000_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    pid: child.pid!,
    log: () => err,
    async waitForLog(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!err.includes(text)) {
        if (gone()) throw new Error(`agent exited before logging "${text}": ${err.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`agent: no "${text}" within ${timeoutMs} ms: ${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill() {
      if (gone()) return;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** An agent config reading `files` as log sources, ticking fast, with its own data dir and prefix. */
export function logAgentConfig(opts: { dataDir: string; redisUrl: string; prefix: string; host: string; files: object[]; logsInterval?: string }): object {
  return {
    dataDir: opts.dataDir,
    host: { id: opts.host },
    log: { level: 'info' },
    redis: { url: opts.redisUrl, prefix: opts.prefix, embedded: false },
    agent: { interval: '5s' },
    logs: { interval: opts.logsInterval ?? '200ms', journal: { enabled: false }, files: opts.files, limits: { rotateWait: '1s' } },
  };
}
