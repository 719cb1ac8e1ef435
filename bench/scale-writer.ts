// One ingest writer process for bench/scale.ts: `hosts` agents' live snapshots (one append per
// snapshot, hosts in parallel, each in time order, as agents send them) through the project's
// store and client factory, from `startAt` for `seconds`. Several of these run at once, so the
// client side is not one Node process's single core.
// Usage: scale-writer.ts '<json: { target, prefix, hosts, seconds, seed }>'. Prints "ready" once
// connected, reads the start time (epoch ms) as one line on stdin, then prints one JSON line:
// { samples, calls, errors, cpuMs }.
import { createInterface } from 'node:readline';
import { createRedis, type RedisTarget } from '../src/queue/redis-connection.js';
import { createRedisSeriesStore } from '../src/store/index.js';
import type { Point } from '../src/store/types.js';
import { generateHost } from '../test/utils/realistic-metrics.js';

type Args = { target: RedisTarget; prefix: string; hosts: string[]; seconds: number; seed: number };
const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const DAY = 86_400_000;
const TICKS = 360;

const redis = createRedis(args.target, { name: 'bench-scale-writer' });
redis.on('error', () => undefined);
const store = createRedisSeriesStore({ redis, prefix: args.prefix, retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
const h = generateHost({ seed: args.seed, start: Date.now() - TICKS * 10_000, ticks: TICKS });
const template: Point[][] = h.t.map((t, i) => h.series.map((s) => ({ metric: s.metric, labels: s.labels, t, v: s.v[i]! })));
const span = TICKS * 10_000;

await redis.ping();
process.stdout.write('ready\n');
const startAt = Number(await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve)));
let samples = 0;
let calls = 0;
let errors = 0;
const end = startAt + args.seconds * 1000;
await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
const cpu0 = process.cpuUsage();
await Promise.all(
  args.hosts.map(async (host) => {
    // Times keep moving forward past the template: every append is a live, new snapshot.
    for (let round = 0; Date.now() < end; round++) {
      for (const snap of template) {
        if (Date.now() >= end) break;
        const shifted = round === 0 ? snap : snap.map((p) => ({ ...p, t: p.t + round * span }));
        try {
          await store.append(host, shifted);
          if (Date.now() <= end) {
            samples += shifted.length;
            calls++;
          }
        } catch {
          errors++;
        }
      }
    }
  }),
);
const used = process.cpuUsage(cpu0);
redis.disconnect();
process.stdin.destroy();
process.stdout.write(`${JSON.stringify({ samples, calls, errors, cpuMs: Math.round((used.user + used.system) / 1000) })}\n`);
