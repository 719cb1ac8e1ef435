import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeContext } from '../../../src/checks/probes/probe.js';
import { runProbe } from '../../../src/checks/probes/run-probe.js';
import { ZCheck } from '../../../src/config/checks-schema.js';
import type { HostRepo } from '../../../src/fleet/host-repo.js';

const ctx: ProbeContext = {
  host: 'h',
  hosts: { get: async () => null } as Pick<HostRepo, 'get'>,
  procRoot: '/proc',
  etcRoot: '/etc',
  systemctl: 'systemctl',
  systemdRunDir: '/run/systemd/system',
  now: Date.now,
};
const probe = (raw: Record<string, unknown>) => runProbe(ZCheck.parse({ name: 'p', kind: 'process', timeout: '2s', ...raw }), ctx);

function startSleeper(): Promise<ChildProcess> {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  return new Promise((r) => child.once('spawn', () => r(child)));
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => child.once('exit', r));
}

// Issue #11.6: a process check by pid or pidfile, with the ways a pidfile goes wrong.
describe('process check by pid and pidfile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-pidfile-'));
  const pidfile = join(dir, 'svc.pid');
  const children: ChildProcess[] = [];
  let sleeper: ChildProcess;

  beforeAll(async () => {
    sleeper = await startSleeper();
    children.push(sleeper);
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ok for a running pid and a fresh pidfile, and names the process', async () => {
    expect(await probe({ pid: sleeper.pid })).toMatchObject({
      status: 'ok',
      message: `pid ${sleeper.pid} "sleep" is running`,
      details: { pids: [sleeper.pid], count: 1 },
    });
    writeFileSync(pidfile, `${sleeper.pid}\n`);
    expect(await probe({ pidfile, match: 'sleep' })).toMatchObject({ status: 'ok', message: `pid ${sleeper.pid} "sleep" (from ${pidfile}) is running` });
  });

  it('fails a pidfile that is missing, empty, or names a pid that is not running', async () => {
    expect(await probe({ pidfile: join(dir, 'absent.pid') })).toMatchObject({
      status: 'fail',
      message: `pidfile ${join(dir, 'absent.pid')} does not exist: the process is not running (or never wrote it)`,
    });
    writeFileSync(join(dir, 'junk.pid'), 'not a pid\n');
    expect(await probe({ pidfile: join(dir, 'junk.pid') })).toMatchObject({
      status: 'fail',
      message: `pidfile ${join(dir, 'junk.pid')} does not hold a pid ("not a pid")`,
    });
    const gone = await startSleeper();
    const gonePid = gone.pid!;
    writeFileSync(join(dir, 'gone.pid'), String(gonePid));
    gone.kill('SIGKILL');
    await exited(gone);
    expect(await probe({ pidfile: join(dir, 'gone.pid') })).toMatchObject({
      status: 'fail',
      message: `stale pidfile ${join(dir, 'gone.pid')}: pid ${gonePid} is not running`,
    });
  });

  it('fails a pidfile whose pid now belongs to a process started after the file was written', async () => {
    writeFileSync(pidfile, String(sleeper.pid));
    // Written an hour ago: the sleeper, started seconds ago, cannot be the process that wrote it.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(pidfile, anHourAgo, anHourAgo);
    const out = await probe({ pidfile });
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(
      new RegExp(
        `^stale pidfile ${pidfile}: pid ${sleeper.pid} was reused: "sleep" started at \\S+, after the pidfile was written at ${anHourAgo.toISOString().slice(0, 16)}`,
      ),
    );
  });

  it('fails a pid reused by another command than the one named', async () => {
    writeFileSync(pidfile, String(sleeper.pid));
    expect(await probe({ pidfile, match: 'nginx' })).toMatchObject({
      status: 'fail',
      message: `stale pidfile ${pidfile}: pid ${sleeper.pid} is "sleep", not "nginx": the pid was reused by another command`,
    });
    expect(await probe({ pid: sleeper.pid, regex: '^redis' })).toMatchObject({
      status: 'fail',
      message: `pid ${sleeper.pid} is "sleep", not /^redis/i: the pid was reused by another command`,
    });
  });

  it('fails a zombie, by pid and in a count', async () => {
    // sh starts a child that becomes /bin/true only after sh has become `sleep`, which never reaps
    // it: a real zombie. (A /bin/true started at once could exit and be reaped by sh before its exec.)
    const parent = spawn('sh', ['-c', '(sleep 0.5; exec /bin/true) & echo $!; exec sleep 300'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const line = await createInterface({ input: parent.stdout! })[Symbol.asyncIterator]().next();
    const zombie = Number(line.value);
    await expect.poll(() => readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]?.[0], { timeout: 5_000 }).toBe('Z');
    expect(await probe({ pid: zombie })).toMatchObject({ status: 'fail', message: `pid ${zombie} "true" is a zombie: it exited and was not reaped` });
    const counted = await probe({ match: 'true', min: 0 });
    expect(counted.details).toMatchObject({ zombies: expect.any(Number) });
    expect(counted.details?.pids).not.toContain(zombie);
    expect(counted.message).toMatch(/more (is a zombie|are zombies) \(exited, not reaped\)$/);
  });

  it('is unknown, not failed, when the pidfile cannot be read', async () => {
    // A directory where the file should be cannot be read by anyone, root included.
    const odd = join(dir, 'dir.pid');
    mkdirSync(odd);
    expect(await probe({ pidfile: odd })).toMatchObject({ status: 'unknown', message: `cannot read pidfile ${odd} (EISDIR)` });
  });
});
