import { tmpdir } from 'node:os';
import { createCheckStore } from '../../../src/checks/check-store.js';
import { mkdtempSync } from 'node:fs';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeContext, TimedCheck } from '../../../src/checks/probes/probe.js';
import { runProbe } from '../../../src/checks/probes/run-probe.js';
import { createProbeThread } from '../../../src/checks/probes/probe-thread-client.js';
import { runHostChecks, type ChecksDeps } from '../../../src/checks/run-host-checks.js';
import { ZChecksConfig } from '../../../src/config/checks-schema.js';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedis, type Redis } from '../../../src/queue/redis-connection.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { tsxImportCode } from '../../../src/shared/spawn-worker.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const SERVERS = resolve('test/fixtures/checks/loopback-servers.mjs');
const SLICE_MS = 1_000;

/**
 * The agent's event loop held in slices, as a process scan, a systemctl spawn or a restart hold it
 * in a real tick. Between slices the loop turns once, so the tick makes progress through them.
 */
function busyNeighbour(slices: number): Promise<void> {
  return new Promise((done) => {
    let n = 0;
    const slice = () => {
      const end = performance.now() + SLICE_MS;
      while (performance.now() < end) {
        // burning CPU on purpose
      }
      if (++n < slices) setImmediate(slice);
      else done();
    };
    setImmediate(slice);
  });
}

/** curl in its own process times itself: the independent measure of the same endpoint. */
function curlTimes(url: string): Promise<{ connectMs: number; totalMs: number }> {
  return new Promise((ok, fail) => {
    execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{time_connect} %{time_total}', url], (err, stdout) => {
      if (err) return fail(err);
      const [connect = NaN, total = NaN] = stdout.trim().split(' ').map(Number);
      ok({ connectMs: connect * 1000, totalMs: total * 1000 });
    });
  });
}

// Issue #11.4: every due probe ran in the agent's own event loop, so work there (other probes,
// restarts) was added to HTTP and TCP latency, which raised false warnLatency warnings.
describe('probe latency while the agent is busy', () => {
  const prefix = testPrefix();
  let redis: Redis;
  let servers: ChildProcess;
  let ports: { http: number; tcp: number };

  beforeAll(async () => {
    redis = createRedis(TEST_REDIS_URL);
    servers = spawn(process.execPath, [SERVERS], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: servers.stdout! })[Symbol.asyncIterator]();
    const line = (await lines.next()).value as string | undefined;
    ports = JSON.parse(line!) as { http: number; tcp: number };
  });
  afterAll(async () => {
    servers?.kill('SIGTERM');
    await redis?.quit();
    await cleanupPrefix(prefix);
  });

  it("measures HTTP and TCP latency near curl's while its event loop is blocked in 1 s slices", async () => {
    const url = `http://127.0.0.1:${ports.http}/`;
    const checks = ZChecksConfig.parse([
      { name: 'web', kind: 'http', url, warnLatency: '500ms', interval: '10s' },
      { name: 'db', kind: 'tcp', host: '127.0.0.1', port: ports.tcp, interval: '10s' },
    ]);
    const deps: ChecksDeps = {
      config: { hostId: 'busy-1', host: { tags: [] }, checks, paths: { data: mkdtempSync(join(tmpdir(), 'checkup-checks-data-')) } },
      checkStore: createCheckStore({ redis, prefix }),
      hosts: createHostRepo({ redis, prefix }),
      store: null,
      log: silentLogger(),
    };
    // A first tick alone, so the comparison is not about a cold start.
    await runHostChecks({ deps, now: () => Date.now() - 60_000 });

    const truth = curlTimes(url);
    const busy = busyNeighbour(4);
    const out = await runHostChecks({ deps });
    await busy;
    const curl = await truth;
    const by = Object.fromEntries(out.results.map((r) => [r.check, r]));
    // Each probe had a full second of blocked loop to absorb; the bounds leave room for noise but
    // not for one slice.
    expect(by.web?.latencyMs).toBeLessThan(curl.totalMs + SLICE_MS / 4);
    expect(by.db?.latencyMs).toBeLessThan(curl.connectMs + SLICE_MS / 4);
    expect(by.web).toMatchObject({ status: 'ok' });
    expect(by.db).toMatchObject({ status: 'ok' });
  }, 30_000);
});

describe('the probe thread when it dies or starts slowly', () => {
  it('runs the probes it lost again in-process, so the tick still gets every result', async () => {
    const thread = createProbeThread({ spawnWorker: () => new Worker('setTimeout(() => process.exit(3), 50)', { eval: true }) });
    try {
      const [check] = ZChecksConfig.parse([{ name: 'echo', kind: 'command', command: ['echo', 'still here'] }]);
      const out = await thread.run(check as TimedCheck, Date.now);
      expect(out).toMatchObject({ status: 'ok', message: 'exit 0: still here' });
    } finally {
      await thread.close();
    }
  });

  it('does not count a slow thread start against the probe: the guard starts with the probe', async () => {
    // The real probe thread, started 3 s late (as a loaded machine loads its modules), for a check
    // whose guard is 1.3 s (timeout 300 ms + 1 s).
    const entry = new URL('../../../src/checks/probes/probe-thread.ts', import.meta.url).href;
    const code = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000); ${tsxImportCode(entry, import.meta.url)}`;
    const thread = createProbeThread({ spawnWorker: () => new Worker(code, { eval: true }) });
    try {
      const [check] = ZChecksConfig.parse([{ name: 'echo', kind: 'command', command: ['echo', 'late'], timeout: '300ms' }]);
      const ctx: ProbeContext = {
        host: 'h',
        hosts: createHostRepo({ redis: createRedis(TEST_REDIS_URL, { lazy: true }), prefix: 'checkup-test-unused' }),
        procRoot: '/proc',
        etcRoot: '/etc',
        systemctl: 'systemctl',
        systemdRunDir: '/run/systemd/system',
        now: Date.now,
        thread,
      };
      expect(await runProbe(check!, ctx)).toMatchObject({ status: 'ok', message: 'exit 0: late' });
    } finally {
      await thread.close();
    }
  });
});
