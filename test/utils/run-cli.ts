import { spawn } from 'node:child_process';

/** The CLI from the sources, as the e2e tests run it. */
export const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

export type CliResult = { status: number | null; stdout: string; stderr: string };

/** Runs `checkup ...args` to its end; stdin is closed, so nothing waits for a person. */
export function runCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs many invocations a few at a time: each is a Node start, and the machine has two cores. */
export async function runCliAll<T>(items: T[], argsOf: (item: T) => { args: string[]; env?: Record<string, string> }, width = 3): Promise<CliResult[]> {
  const results: CliResult[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        const { args, env } = argsOf(items[i] as T);
        results[i] = await runCli(args, { env });
      }
    }),
  );
  return results;
}

/** The promise every command keeps on bad input: one line `checkup: <reason>`, no stack trace. */
export function oneLineReason(stderr: string): string | null {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) return null;
  const line = lines[0] as string;
  if (!line.startsWith('checkup: ') || /\n\s+at |\bat .+:\d+:\d+\)?$/.test(line)) return null;
  return line;
}
