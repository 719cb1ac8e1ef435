import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePrefix } from '../../src/queue/queue-names.js';
import { keySlot } from '../utils/slot-recorder.js';
import { startTestRedisServer, type TestRedisServer } from '../utils/redis-server.js';

/**
 * Which BullMQ key layout works on a real Redis Cluster (three masters on loopback), measured with
 * what Checkup does with its queues: add, delay, retry, a job scheduler, counts. The layouts differ
 * only in where the hash tag is: none (before), one tag in the prefix (every queue on one slot), or
 * one tag per queue (`{collect-<host>}`, queues spread over slots), in its name or in its prefix.
 */
const layouts = [
  { name: 'untagged (before)', prefix: () => 'ck', queue: (q: string) => q },
  { name: 'one tag in the prefix', prefix: () => '{ck}', queue: (q: string) => q },
  { name: 'one tag per queue, in its name', prefix: () => 'ck:q', queue: (q: string) => `{${q}}` },
  { name: 'one tag per queue, in its prefix (queuePrefix, what Checkup uses)', prefix: (q: string) => queuePrefix('ck', q), queue: (q: string) => q },
];

describe('BullMQ on a Redis Cluster: which key layout works', () => {
  const servers: TestRedisServer[] = [];
  let dir = '';
  let cluster: Cluster;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkup-cluster-'));
    for (let i = 0; i < 3; i++) {
      const d = join(dir, String(i));
      execFileSync('mkdir', ['-p', d]);
      servers.push(await startTestRedisServer(d, { persist: false, args: ['--cluster-enabled', 'yes', '--cluster-config-file', join(d, 'nodes.conf')] }));
    }
    execFileSync('redis-cli', ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      const states = servers.map((s) => execFileSync('redis-cli', ['-p', String(s.port), 'cluster', 'info']).toString());
      if (states.every((t) => t.includes('cluster_state:ok'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    cluster = new Cluster([{ host: '127.0.0.1', port: servers[0]!.port }], { redisOptions: { maxRetriesPerRequest: null } });
  }, 60_000);
  afterAll(async () => {
    cluster?.disconnect();
    for (const s of servers) await s.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs Checkup's queue operations; returns the first error, or null when all worked. */
  async function exercise(l: (typeof layouts)[number], base: string): Promise<string | null> {
    const name = l.queue(base);
    const prefix = l.prefix(base);
    const queue = new Queue(name, { connection: cluster, prefix });
    const events = new QueueEvents(name, { connection: cluster.duplicate(), prefix });
    let attempts = 0;
    const worker = new Worker(
      name,
      async (job) => {
        attempts++;
        if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('first try fails');
        return job.name;
      },
      { connection: cluster.duplicate(), prefix },
    );
    try {
      await events.waitUntilReady();
      const jobs = [
        await queue.add('plain', {}, { jobId: 'a' }),
        await queue.add('flaky', {}, { jobId: 'b', attempts: 2, backoff: { type: 'fixed', delay: 50 } }),
        await queue.add('later', {}, { jobId: 'c', delay: 100 }),
      ];
      for (const j of jobs) await j.waitUntilFinished(events, 10_000);
      // Removal on completion deletes keys the script builds from the job id.
      await queue.add('gone', {}, { jobId: 'd', removeOnComplete: true });
      await expect.poll(async () => (await queue.getJob('d')) ?? null, { timeout: 5_000 }).toBeNull();
      await queue.upsertJobScheduler('every', { every: 200 }, { name: 'tick' });
      await expect.poll(() => attempts, { timeout: 5_000 }).toBeGreaterThanOrEqual(6);
      await queue.removeJobScheduler('every');
      await queue.getJobCounts();
      await queue.getJob('b');
      return null;
    } catch (err) {
      return (err as Error).message.split('\n')[0] ?? 'error';
    } finally {
      await worker.close().catch(() => undefined);
      await events.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
    }
  }

  it('measures each layout', async () => {
    const out: Record<string, string> = {};
    for (const l of layouts) out[l.name] = (await exercise(l, 'collect-web-1')) ?? 'ok';
    process.stdout.write(`FIGURE bullmq-cluster ${JSON.stringify(out)}\n`);
    const [untagged, ...tagged] = layouts.map((l) => out[l.name]);
    expect(untagged).toMatch(/CROSSSLOT/);
    expect(tagged).toEqual(['ok', 'ok', 'ok']);
  }, 120_000);

  it('per-queue tags spread per-host queues over the masters, a prefix tag does not', () => {
    const hosts = Array.from({ length: 30 }, (_, i) => `web-${i}`);
    const slots = new Set(hosts.map((h) => keySlot(`${queuePrefix('ck', `collect-${h}`)}:collect-${h}:wait`)));
    const prefixSlots = new Set(hosts.map((h) => keySlot(`{ck}:collect-${h}:wait`)));
    process.stdout.write(`FIGURE bullmq-slots 30 hosts: per-queue tags ${slots.size} slots, prefix tag ${prefixSlots.size}\n`);
    expect(prefixSlots.size).toBe(1);
    expect(slots.size).toBeGreaterThan(20);
  });
});
