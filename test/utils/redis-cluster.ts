import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisTarget } from '../../src/queue/redis-connection.js';
import { keySlot } from './slot-recorder.js';
import { startTestRedisServer, type TestRedisServer } from './redis-server.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ClusterNode = { id: string; port: number; role: 'master' | 'replica'; masterId: string | null; slots: Array<[number, number]> };

export type TestCluster = {
  servers: TestRedisServer[];
  ports: number[];
  /** What `redis.cluster` in a config turns into: every node as a seed. */
  target: Extract<RedisTarget, { kind: 'cluster' }>;
  /** The raw config's `redis.cluster`. */
  config: { nodes: string[] };
  /** Every node's view of the Cluster, as node 1 (or another answering node) sees it now. */
  topology(): Promise<ClusterNode[]>;
  masters(): Promise<ClusterNode[]>;
  /** The master serving the slot of `key` now. */
  masterOf(key: string): Promise<ClusterNode>;
  /** SCRIPT FLUSH on every node that answers: no node has any script cached afterwards. */
  flushScripts(): Promise<number>;
  /** Runs `redis-cli -p <port> args...` and returns its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  server(port: number): TestRedisServer;
  /** Resolves once every answering node says cluster_state:ok and agrees on one master per slot range. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A real Redis Cluster on loopback: `ports.length` nodes started as `redis-server --cluster-enabled
 * yes` and joined by `redis-cli --cluster create` with `replicas` replicas per master. The node
 * timeout is short (`nodeTimeoutMs`) so that a SIGKILLed master is replaced within seconds. No
 * persistence but the Cluster's own nodes.conf. Every server is stopped by `stop()`, through its
 * own child process (its pid), never by name.
 */
export async function startTestCluster(opts: { dir: string; ports: number[]; replicas: number; nodeTimeoutMs?: number }): Promise<TestCluster> {
  const servers: TestRedisServer[] = [];
  const stop = async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
  };
  try {
    for (const port of opts.ports) {
      const d = join(opts.dir, String(port));
      mkdirSync(d, { recursive: true });
      servers.push(
        await startTestRedisServer(d, {
          port,
          persist: false,
          args: ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf'), '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2_000)],
        }),
      );
    }
    await run('redis-cli', ['--cluster', 'create', ...opts.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(opts.replicas), '--cluster-yes']);
  } catch (err) {
    await stop();
    throw err;
  }
  const cli = async (port: number, ...args: string[]) => (await run('redis-cli', ['-p', String(port), ...args])).stdout;
  const answering = async (): Promise<number[]> => {
    const out: number[] = [];
    for (const s of servers) if (s.pid() !== null) out.push(s.port);
    return out;
  };
  const topology = async (): Promise<ClusterNode[]> => {
    for (const port of await answering()) {
      const text = await cli(port, 'cluster', 'nodes').catch(() => '');
      if (!text.trim()) continue;
      return text
        .trim()
        .split('\n')
        .map((line) => {
          const f = line.split(' ');
          const flags = f[2]!.split(',');
          const slots = f.slice(8).flatMap((r): Array<[number, number]> => {
            if (r.startsWith('[')) return [];
            const [a, b] = r.split('-').map(Number);
            return [[a!, b ?? a!]];
          });
          return {
            id: f[0]!,
            port: Number(f[1]!.split(':')[1]!.split('@')[0]),
            role: flags.includes('master') ? 'master' : 'replica',
            masterId: f[3] === '-' ? null : f[3]!,
            slots,
          } satisfies ClusterNode;
        });
    }
    throw new Error('no cluster node answers');
  };
  const masters = async () => (await topology()).filter((n) => n.role === 'master' && n.slots.length > 0);
  const waitHealthy = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ports = await answering();
      const infos = await Promise.all(ports.map((p) => cli(p, 'cluster', 'info').catch(() => '')));
      const ok = infos.every((t) => t.includes('cluster_state:ok'));
      const covered = ok ? (await masters()).reduce((n, m) => n + m.slots.reduce((a, [x, y]) => a + y - x + 1, 0), 0) : 0;
      // Every replica synced: one still in its first sync (a few seconds after the Cluster was
      // made, or after a node came back) can be promoted empty, and what its master took is lost.
      const replicas = ok && covered === 16_384 ? (await topology()).filter((n) => n.role === 'replica' && ports.includes(n.port)) : [];
      const repl = await Promise.all(replicas.map((n) => cli(n.port, 'info', 'replication').catch(() => '')));
      const synced = repl.every((t) => t.includes('master_link_status:up') && t.includes('master_sync_in_progress:0'));
      if (ok && covered === 16_384 && synced) return;
      if (Date.now() > deadline) throw new Error(`cluster not healthy after ${timeoutMs} ms: ${infos.map((t) => t.split('\n')[0]).join(' | ')}`);
      await sleep(100);
    }
  };
  await waitHealthy();
  const cluster: TestCluster = {
    servers,
    ports: opts.ports,
    target: { kind: 'cluster', nodes: opts.ports.map((port) => ({ host: '127.0.0.1', port })), tls: false },
    config: { nodes: opts.ports.map((p) => `127.0.0.1:${p}`) },
    topology,
    masters,
    async masterOf(key) {
      const slot = keySlot(key);
      const m = (await masters()).find((n) => n.slots.some(([a, b]) => slot >= a && slot <= b));
      if (!m) throw new Error(`no master serves slot ${slot}`);
      return m;
    },
    async flushScripts() {
      let n = 0;
      for (const port of await answering()) {
        const c = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        c.on('error', () => undefined);
        try {
          await c.connect();
          await c.script('FLUSH');
          n++;
        } catch {
          // a node that is down has no cache to flush
        } finally {
          c.disconnect();
        }
      }
      return n;
    },
    cli,
    server(port) {
      const s = servers.find((x) => x.port === port);
      if (!s) throw new Error(`no node on port ${port}`);
      return s;
    },
    waitHealthy,
    stop,
  };
  return cluster;
}
