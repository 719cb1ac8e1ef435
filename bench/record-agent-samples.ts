/**
 * Records what the agent stores on this machine, for bench:store to replay.
 *
 *   npx tsx bench/record-agent-samples.ts [--interval-ms 10000] [--minutes 60] [--out bench/fixtures/agent-samples-10s]
 *
 * Runs the real collector (src/collect, as `checkup agent` creates it) on the wall-clock grid of
 * the interval, the way the agent's BullMQ job scheduler fires, and keeps exactly the points the
 * agent appends (snapshotToPoints). Timestamps are the collector's own (Date.now() at collect), so
 * their jitter is the machine's. Each snapshot is one NDJSON line appended as it is taken (a killed
 * run keeps what it had): `{"t":…,"p":{"<series>":v,…}}` with `<series>` the store's series name.
 * At the end (or on SIGINT/SIGTERM) the file is gzipped to `<out>.ndjson.gz`.
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createCollector, snapshotToPoints } from '../src/collect/index.js';
import { silentLogger } from '../src/shared/logger.js';
import { seriesName } from '../src/store/series-key.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const intervalMs = Number(arg('interval-ms', '10000'));
const minutes = Number(arg('minutes', '60'));
const out = arg('out', 'bench/fixtures/agent-samples-10s');
const plain = `${out}.ndjson`;
const collector = createCollector({ logger: silentLogger(), host: hostname() });
const end = Date.now() + minutes * 60_000;
let taken = 0;
let timer: NodeJS.Timeout | null = null;

function finish(): void {
  if (timer) clearTimeout(timer);
  writeFileSync(`${out}.ndjson.gz`, gzipSync(readFileSync(plain), { level: 9 }));
  rmSync(plain);
  console.error(`[record] ${taken} snapshots every ${intervalMs} ms -> ${out}.ndjson.gz`);
  void collector.close().then(() => process.exit(0));
}

async function tick(): Promise<void> {
  const s = await collector.collect();
  const p: Record<string, number> = {};
  for (const x of snapshotToPoints(s)) p[seriesName(x.metric, x.labels)] = x.v;
  appendFileSync(plain, `${JSON.stringify({ t: s.t, p })}\n`);
  taken += 1;
}

function schedule(): void {
  const now = Date.now();
  if (now >= end) return finish();
  // Next multiple of the interval on the wall clock, as BullMQ's `every` scheduler aligns jobs.
  timer = setTimeout(
    () => {
      tick()
        .catch((err: unknown) => console.error('[record] collect failed', err))
        .finally(schedule);
    },
    intervalMs - (now % intervalMs),
  );
}

writeFileSync(plain, '');
process.on('SIGINT', finish);
process.on('SIGTERM', finish);
schedule();
