import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRedisServer, type TestRedisServer } from '../utils/redis-server.js';
import { testPrefix } from '../utils/redis.js';
import { CLI } from '../utils/run-cli.js';

type Line = { at: number; raw: string; json: Record<string, unknown> | null };

const OUTAGE_MS = 12_000;

// `checkup start` (agent, workers and console in one process) through a real Redis outage: the
// log says so in a handful of lines, not hundreds of stack traces.
describe('logs during a Redis outage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-outage-logs-'));
  let server: TestRedisServer | undefined;
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs the first error, one line per backoff step and one on recovery', async () => {
    server = await startTestRedisServer(dir, { persist: false });
    const config = join(dir, 'checkup.yml');
    writeFileSync(
      config,
      [
        `dataDir: ${join(dir, 'data')}`,
        `redis: { url: "${server.url}", prefix: ${testPrefix()}, embedded: false }`,
        'log: { level: info }',
        'agent: { interval: 1s }',
        'alerts: { evaluateEvery: 1s }',
        'web: { port: 0 }',
        'reports: { daily: { recipients: { to: [ops@example.test] } } }',
      ].join('\n'),
    );
    const lines: Line[] = [];
    let stdout = '';
    const proc = spawn(process.execPath, [...CLI, '--config', config, 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let partial = '';
    proc.stderr!.on('data', (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const raw of parts.filter(Boolean)) {
        let json: Record<string, unknown> | null = null;
        try {
          json = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          json = null;
        }
        lines.push({ at: Date.now(), raw, json });
      }
    });
    proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const waitForLine = async (re: RegExp, ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const hit = lines.find((l) => re.test(String(l.json?.msg ?? '')));
        if (hit) return hit;
        if (proc.exitCode !== null) throw new Error(`checkup start exited ${proc.exitCode}: ${lines.map((l) => l.raw).join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no log line matching ${re}:\n${lines.map((l) => l.raw).join('\n')}`);
    };
    await waitForLine(/^worker started$/, 90_000);
    await waitForLine(/^agent started$/, 30_000);
    await waitForLine(/^web console started$/, 30_000);
    await new Promise((r) => setTimeout(r, 2_000));

    const down = Date.now();
    await server.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const up = Date.now();
    await server.start();
    const recovered = await waitForLine(/^Redis reachable again$/, 30_000);
    await new Promise((r) => setTimeout(r, 3_000));

    const during = lines.filter((l) => l.at >= down && l.at < up);
    const report = during.map((l) => l.raw.slice(0, 200)).join('\n');
    process.stdout.write(`${during.length} log lines in a ${OUTAGE_MS / 1000} s outage:\n${report}\n`);
    // First error, then status lines at 1, 2, 4, 8 s: a handful, whatever the number of connections.
    expect(during.length, report).toBeLessThanOrEqual(8);
    expect(during[0]?.json?.msg, report).toMatch(/^Redis unreachable/);
    const steps = during.filter((l) => l.json?.msg === 'Redis still unreachable');
    expect(steps.length, report).toBeGreaterThanOrEqual(3);
    // Each status line counts what it did not print.
    expect(steps.every((l) => typeof l.json?.totalErrors === 'number' && typeof l.json?.errors === 'object')).toBe(true);
    expect(
      during.every((l) => !/"stack"/.test(l.raw)),
      'no stack traces',
    ).toBe(true);
    expect(lines.filter((l) => l.json?.msg === 'Redis reachable again')).toHaveLength(1);
    expect(recovered.json?.downForMs).toBeGreaterThanOrEqual(OUTAGE_MS - 1_000);
    // After the recovery, no further outage is reported from connections that reconnect later.
    expect(lines.filter((l) => l.at > recovered.at && /^Redis unreachable/.test(String(l.json?.msg ?? '')))).toEqual([]);
    // Logs are JSON lines on stderr; stdout stays empty.
    expect(
      lines.every((l) => l.json !== null),
      lines
        .filter((l) => !l.json)
        .map((l) => l.raw)
        .join('\n'),
    ).toBe(true);
    expect(stdout).toBe('');
  });
});
