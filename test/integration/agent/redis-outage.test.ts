import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentOnPrivateRedis, type AgentOnPrivateRedis } from '../../utils/agent-on-private-redis.js';

// No loss: a real redis-server goes away for over 30 s while the agent keeps sampling.
describe('agent across a Redis outage', () => {
  let env: AgentOnPrivateRedis | undefined;
  afterAll(() => env?.close());

  it('spools every snapshot taken during the outage and flushes them in order, without duplicates', async () => {
    env = await agentOnPrivateRedis({ prefix: 'checkup-test-outage' });
    const { server, rt, config } = env;
    const host = config.hostId;
    const memPoints = async (from: number, to: number) =>
      (await rt.deps.store.range({ host, metric: 'mem.used_pct', from, to, step: 1_000 }))[0]?.points.filter((p) => p.v !== null).map((p) => p.t) ?? [];
    await expect.poll(async () => (await memPoints(Date.now() - 60_000, Date.now())).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    const down = Date.now();
    await server.stop();
    await new Promise((r) => setTimeout(r, 31_000));
    const spooled = readdirSync(config.paths.spool).flatMap((f) =>
      readFileSync(join(config.paths.spool, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { t: number }).t),
    );
    // The local timer kept sampling about once a second for the whole outage.
    expect(spooled.length).toBeGreaterThanOrEqual(25);
    expect(Math.min(...spooled)).toBeLessThan(down + 3_000);

    await server.start();
    await expect.poll(() => readdirSync(config.paths.spool).length, { timeout: 30_000, interval: 500 }).toBe(0);
    const stored = new Set(await memPoints(down - 5_000, Date.now()));
    // Buckets are 1 s wide: each spooled sample lands in the bucket of its second.
    const missing = spooled.filter((t) => !stored.has(Math.floor(t / 1000) * 1000));
    expect(missing).toEqual([]);
    // Nothing but the spooled samples was taken in the outage, each stored once: a replayed
    // flush would show up as extra counts.
    const lo = Math.floor(Math.min(...spooled) / 1000) * 1000;
    const hi = Math.floor(Math.max(...spooled) / 1000) * 1000;
    const during = (await rt.deps.store.range({ host, metric: 'mem.used_pct', from: lo, to: hi + 1_000, step: 1_000 }))[0]!.points;
    expect(during.filter((p) => p.t >= lo && p.t <= hi).reduce((n, p) => n + p.count, 0)).toBe(spooled.length);
  }, 120_000);
});
