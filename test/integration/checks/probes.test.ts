import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../src/checks/probes/run-probe.js';
import type { ProbeContext } from '../../../src/checks/probes/probe.js';
import { createCollector } from '../../../src/collect/index.js';
import { ZCheck } from '../../../src/config/checks-schema.js';
import { createHostRepo } from '../../../src/fleet/host-repo.js';
import { createRedis, type Redis } from '../../../src/queue/redis-connection.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const probe = (raw: Record<string, unknown>, ctx: ProbeContext) => runProbe(ZCheck.parse({ name: 'c', timeout: '2s', ...raw }), ctx);

describe('probes on this machine', () => {
  const prefix = testPrefix();
  const marker = `checkup-test-proc-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  let ctx: ProbeContext;
  let child: ChildProcess;

  beforeAll(async () => {
    redis = createRedis(TEST_REDIS_URL);
    ctx = {
      host: 'probe-host',
      hosts: createHostRepo({ redis, prefix }),
      procRoot: '/proc',
      etcRoot: '/etc',
      systemctl: 'systemctl',
      systemdRunDir: '/run/systemd/system',
      now: Date.now,
    };
    child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
  });

  afterAll(async () => {
    child.kill('SIGKILL');
    await redis.quit();
    await cleanupPrefix(prefix);
  });

  it('process: finds the pids by command line, by user, and fails outside the count range', async () => {
    const found = await probe({ kind: 'process', regex: marker, fullCommand: true }, ctx);
    expect(found).toMatchObject({ status: 'ok', details: { pids: [child.pid], count: 1 } });
    expect(found.message).toBe(`1 process matches /${marker}/i (${child.pid} "node")`);
    expect((await probe({ kind: 'process', regex: marker, fullCommand: true, user: userInfo().username }, ctx)).status).toBe('ok');
    const wrongUser = await probe({ kind: 'process', regex: marker, fullCommand: true, user: 'no-such-user-q7' }, ctx);
    expect(wrongUser).toMatchObject({ status: 'fail', details: { count: 0 } });
    const tooMany = await probe({ kind: 'process', regex: marker, fullCommand: true, min: 0, max: 0 }, ctx);
    expect(tooMany.status).toBe('fail');
    expect(tooMany.message).toContain('expected 0..0');
    // Without fullCommand the regex sees only the name ("node"), not the marker.
    expect((await probe({ kind: 'process', regex: marker }, ctx)).status).toBe('fail');
  });

  it('tcp: connects to a listening port and reports a refused one', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    expect((await probe({ kind: 'tcp', host: '127.0.0.1', port }, ctx)).status).toBe('ok');
    await new Promise((r) => server.close(r));
    expect(await probe({ kind: 'tcp', host: '127.0.0.1', port }, ctx)).toMatchObject({ status: 'fail', message: `127.0.0.1:${port}: connection refused` });
  });

  it('systemd: without systemd on the host the state is unknown, with the reason; with it, the unit decides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkup-systemd-'));
    const runDir = join(dir, 'run-systemd-system');
    mkdirSync(runDir);
    // A systemctl that answers as a real one does, for the cases this machine cannot show.
    const fake = (name: string, script: string) => {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\n${script}\n`);
      chmodSync(file, 0o755);
      return file;
    };
    try {
      const booted = { ...ctx, systemdRunDir: runDir };
      const absent = await probe({ kind: 'systemd', unit: 'nginx.service' }, { ...booted, systemctl: '/nonexistent/systemctl' });
      expect(absent).toMatchObject({
        status: 'unknown',
        message: 'systemd is not available on this host (/nonexistent/systemctl not found): the state of nginx.service cannot be known',
      });
      const container = await probe(
        { kind: 'systemd', unit: 'nginx.service' },
        { ...booted, systemctl: fake('not-booted', 'echo "System has not been booted with systemd as init system (PID 1). Can\'t operate." >&2; exit 1') },
      );
      expect(container.status).toBe('unknown');
      expect(container.message).toMatch(/^systemd is not running on this host \(System has not been booted with systemd/);
      const active = await probe({ kind: 'systemd', unit: 'nginx.service' }, { ...booted, systemctl: fake('active', 'printf "active\\nrunning\\n"') });
      expect(active).toMatchObject({ status: 'ok', message: 'nginx.service is active (running)' });
      const failed = await probe({ kind: 'systemd', unit: 'nginx.service' }, { ...booted, systemctl: fake('failed', 'printf "failed\\nfailed\\n"') });
      expect(failed).toMatchObject({ status: 'fail', message: 'nginx.service is failed (failed)' });
      // No /run/systemd/system (sd_booted): unknown before any systemctl is spawned.
      const noRun = await probe(
        { kind: 'systemd', unit: 'nginx.service' },
        { ...booted, systemdRunDir: join(dir, 'absent'), systemctl: fake('must-not-run', 'exit 99') },
      );
      expect(noRun).toMatchObject({
        status: 'unknown',
        message: `systemd is not running on this host (no ${join(dir, 'absent')}): the state of nginx.service cannot be known`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(!existsSync('/run/systemd/system'))('systemd: this machine has no systemd as init, so a real probe is unknown', async () => {
    const real = await probe({ kind: 'systemd', unit: 'checkup-test-none.service' }, ctx);
    expect(real).toMatchObject({
      status: 'unknown',
      message: 'systemd is not running on this host (no /run/systemd/system): the state of checkup-test-none.service cannot be known',
    });
  });

  it('command: exit codes decide, output is capped, no shell unless asked, timeouts kill', async () => {
    const warn = await probe({ kind: 'command', command: ['sh', '-c', 'echo "disk nearly full"; exit 1'], warnCodes: [1] }, ctx);
    expect(warn).toMatchObject({ status: 'warn', message: 'exit 1: disk nearly full', details: { exitCode: 1 } });
    const literal = await probe({ kind: 'command', command: ['echo', '$HOME', '|', 'x'] }, ctx);
    expect(literal).toMatchObject({ status: 'ok', message: 'exit 0: $HOME | x' });
    const shell = await probe({ kind: 'command', command: 'echo $((6*7))', shell: true }, ctx);
    expect(shell.message).toBe('exit 0: 42');
    const capped = await probe({ kind: 'command', command: ['head', '-c', '100000', '/dev/zero'], maxOutputBytes: 1024 }, ctx);
    expect(capped.details).toMatchObject({ truncated: true });
    expect((capped.details?.output as string).length).toBe(1024);
    const started = Date.now();
    const slow = await probe({ kind: 'command', command: ['sleep', '30'], timeout: '300ms' }, ctx);
    expect(slow).toMatchObject({ status: 'fail', message: 'timed out after 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await probe({ kind: 'command', command: ['/nonexistent/checkup-cmd'] }, ctx)).toMatchObject({ status: 'fail', message: 'program not found' });
  });

  it('resource: thresholds on the latest snapshot this agent wrote; stale or missing is unknown, never a failure', async () => {
    expect(await probe({ kind: 'resource', metric: 'memory', warn: 90 }, ctx)).toMatchObject({
      status: 'unknown',
      message: 'no snapshot recorded for this host yet: usage not known',
    });
    const collector = createCollector({ logger: silentLogger(), host: 'probe-host' });
    const snapshot = await collector.collect();
    await collector.close();
    await createHostRepo({ redis, prefix }).recordSnapshot(snapshot);
    const mem = await probe({ kind: 'resource', metric: 'memory', warn: 0, fail: 100 }, ctx);
    expect(mem.status).toBe('warn');
    expect(mem.message).toBe(`memory used ${Math.round(snapshot.mem.usedPct * 10) / 10}% ≥ warn 0%`);
    const root = snapshot.disks.find((d) => d.mount === '/');
    if (root)
      expect(await probe({ kind: 'resource', metric: 'disk', mount: '/', fail: 100 }, ctx)).toMatchObject({
        status: root.usedPct >= 100 ? 'fail' : 'ok',
        details: { value: root.usedPct },
      });
    const stale = await probe({ kind: 'resource', metric: 'memory', warn: 50, maxAge: '1s' }, { ...ctx, now: () => Date.now() + 5_000 });
    expect(stale.status).toBe('unknown');
    expect(stale.message).toMatch(/^latest snapshot is \d+ s old .*is collection running\?$/);
  });
});
