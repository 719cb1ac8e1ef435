/**
 * Listening sockets of real processes: a child opens TCP and UDP listeners (IPv4 wildcard, IPv6
 * loopback), the next snapshot shows them with the child's pid; the child closes them, the next
 * one shows them gone. Compared with `ss`, which reads the same kernel tables its own way (netlink).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { diffPorts } from '../../../src/security/ports/ports-diff.js';
import { parsePortRule } from '../../../src/security/ports/port-allowlist.js';
import { portsSnapshotter, type ListeningSocket } from '../../../src/security/ports/ports-snapshot.js';

/** A node child listening on tcp 0.0.0.0 and udp ::1 (ports chosen by the kernel), printing them, closing both on "close". */
function listener(): Promise<{ child: ChildProcess; tcp: number; udp: number }> {
  const code = `
    const net = require('node:net'), dgram = require('node:dgram');
    const srv = net.createServer().listen(0, '0.0.0.0', () => {
      const udp = dgram.createSocket('udp6').bind(0, '::1', () => {
        process.stdout.write(JSON.stringify({ tcp: srv.address().port, udp: udp.address().port }) + '\\n');
        process.stdin.on('data', () => { srv.close(); udp.close(); process.stdout.write('closed\\n'); });
      });
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve({ child, ...(JSON.parse(d.toString()) as { tcp: number; udp: number }) }));
    child.once('exit', (c) => reject(new Error(`listener exited ${c}`)));
  });
}

/** A node child listening on 127.0.0.1:<port>. */
async function listenOn(port: number): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => process.stdout.write('ready\\n'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((r) => c.stdout!.once('data', r));
  return c;
}

async function stop(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await exited;
}

const find = (sockets: ListeningSocket[], proto: string, port: number) => sockets.find((s) => s.proto === proto && s.port === port);

describe('ports snapshot on real sockets', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    const c = child;
    child = undefined;
    if (c) await stop(c);
  });

  it('shows a new listener with its pid, then shows it gone', async () => {
    const snap = portsSnapshotter({ allow: [parsePortRule('udp/1')!] });
    const before = snap.snapshot();
    const l = await listener();
    child = l.child;
    const during = snap.snapshot();
    const tcp = find(during.sockets, 'tcp', l.tcp);
    const udp = find(during.sockets, 'udp', l.udp);
    expect(tcp).toMatchObject({ family: 4, address: '0.0.0.0', scope: 'any', exposed: true, allowed: false, ownerKnown: true });
    expect(tcp?.processes.map((p) => p.pid)).toEqual([l.child.pid]);
    expect(tcp?.processes[0]).toMatchObject({ name: 'node', exe: process.execPath });
    expect(udp).toMatchObject({ family: 6, address: '::1', scope: 'loopback', exposed: false });
    expect(udp?.processes.map((p) => p.pid)).toEqual([l.child.pid]);
    // Exposed sockets come first.
    expect(during.sockets.findIndex((s) => !s.exposed)).toBeGreaterThan(during.sockets.findIndex((s) => s === tcp));
    const added = diffPorts(before, during).filter((c) => c.port === l.tcp || c.port === l.udp);
    expect(added.map((c) => [c.change, c.proto, c.port, c.after?.pid])).toEqual([
      ['new', 'tcp', l.tcp, l.child.pid],
      ['new', 'udp', l.udp, l.child.pid],
    ]);

    l.child.stdin!.write('close\n');
    await new Promise((r) => l.child.stdout!.once('data', r));
    const after = snap.snapshot();
    expect(find(after.sockets, 'tcp', l.tcp)).toBeUndefined();
    expect(find(after.sockets, 'udp', l.udp)).toBeUndefined();
    const gone = diffPorts(during, after).filter((c) => c.port === l.tcp || c.port === l.udp);
    expect(gone.map((c) => [c.change, c.port, c.before?.pid])).toEqual([
      ['gone', l.tcp, l.child.pid],
      ['gone', l.udp, l.child.pid],
    ]);
  });

  it('reports a port whose process changed (handed to another program), and a restart of the same program', async () => {
    const snap = portsSnapshotter({ fullScanEvery: 1 });
    // node listens, hands the listening socket to a `sleep` as its fd 3, and exits: the port stays,
    // its holder is now another program.
    const handOver = `
      const { spawn } = require('node:child_process');
      const srv = require('node:net').createServer().listen(0, '127.0.0.1', () => {
        process.stdout.write(srv.address().port + '\\n');
        process.stdin.once('data', () => {
          const s = spawn('sleep', ['30'], { stdio: ['ignore', 'ignore', 'ignore', srv._handle], detached: true });
          process.stdout.write(s.pid + '\\n');
          s.unref();
          process.exit(0);
        });
      });`;
    const parent = spawn(process.execPath, ['-e', handOver], { stdio: ['pipe', 'pipe', 'inherit'] });
    child = parent;
    const port = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d: Buffer) => r(d.toString()))));
    const first = snap.snapshot();
    expect(find(first.sockets, 'tcp', port)?.processes.map((p) => p.name)).toEqual(['node']);
    const sleepPid = Number(
      await new Promise<string>((r) => {
        parent.stdout!.once('data', (d: Buffer) => r(d.toString()));
        parent.stdin!.write('go\n');
      }),
    );
    try {
      await new Promise((r) => parent.once('exit', r));
      const second = snap.snapshot();
      expect(find(second.sockets, 'tcp', port)?.processes).toEqual([{ pid: sleepPid, name: 'sleep', exe: expect.stringMatching(/sleep$/) }]);
      expect(
        diffPorts(first, second)
          .filter((c) => c.port === port)
          .map((c) => [c.change, c.before?.name, c.after?.name]),
      ).toEqual([['process-changed', 'node', 'sleep']]);
    } finally {
      process.kill(sleepPid, 'SIGTERM');
    }

    // The same program on that port again, stopped and started under a new pid: a restart.
    const a = await listenOn(port);
    child = a;
    const before = snap.snapshot();
    await stop(a);
    const b = await listenOn(port);
    child = b;
    const after = snap.snapshot();
    expect(
      diffPorts(before, after)
        .filter((c) => c.port === port)
        .map((c) => [c.change, c.before?.pid, c.after?.pid]),
    ).toEqual([['restarted', a.pid, b.pid]]);
  });

  it('lists what `ss` lists', () => {
    const snap = portsSnapshotter();
    const ours = () =>
      snap
        .snapshot()
        .sockets.map((s) => `${s.proto}|${s.address}|${s.port}`)
        .sort();
    const ss = () =>
      execFileSync('ss', ['-H', '-l', '-n', '-t', '-u'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const f = l.trim().split(/\s+/);
          const local = f[4]!;
          const colon = local.lastIndexOf(':');
          const addr = local
            .slice(0, colon)
            .replace(/^\[|\]$/g, '')
            .replace(/%.*$/, '');
          return `${f[0]}|${addr === '*' ? (local.startsWith('[') ? '::' : '0.0.0.0') : addr}|${local.slice(colon + 1)}`;
        })
        .sort();
    // Other processes on this machine open and close sockets too: compare when ours held still
    // across the `ss` run.
    for (let attempt = 1; ; attempt++) {
      const [a, b, c] = [ours(), ss(), ours()];
      if (JSON.stringify(a) !== JSON.stringify(c) && attempt < 5) continue;
      expect(a).toEqual(b);
      break;
    }
  });
});
