// A file tailer in its own process, so a test can SIGKILL it and a bench can read its CPU time.
// CHECKUP_TAIL holds JSON: { id, paths, positions (dir), out? (file the delivered lines are
// appended to, before the commit, as a consumer stores its counts), interval, maxLineBytes,
// readBytesPerTick, rotateWait, followSymlinks?, startAt?, holdAfterBatch? }.
// holdAfterBatch: N stops for good after writing batch N's lines and before committing it
// ("held N"), so the test kills it inside the at-least-once window. SIGTERM ends it cleanly and it
// prints {"lines":…,"batches":…}.
import { appendFileSync } from 'node:fs';
import { FileTailer } from '../../src/logs/sources/file-tailer.js';
import { createFilePositionStore } from '../../src/logs/sources/position-store.js';
import { createLogger } from '../../src/shared/logger.js';

type TailConfig = {
  id: string;
  paths: string[];
  positions: string;
  out?: string;
  interval: number;
  maxLineBytes: number;
  readBytesPerTick: number;
  rotateWait: number;
  followSymlinks?: boolean;
  startAt?: 'end' | 'beginning';
  holdAfterBatch?: number;
};

const cfg = JSON.parse(process.env.CHECKUP_TAIL ?? '{}') as TailConfig;
const tailer = new FileTailer({
  id: cfg.id,
  paths: cfg.paths,
  followSymlinks: cfg.followSymlinks ?? false,
  startAt: cfg.startAt ?? 'beginning',
  maxLineBytes: cfg.maxLineBytes,
  readBytesPerTick: cfg.readBytesPerTick,
  maxFiles: 100,
  rotateWait: cfg.rotateWait,
  store: createFilePositionStore(cfg.positions),
  log: createLogger({ level: 'info' }),
});
await tailer.start();
let lines = 0;
let batches = 0;
let stopping = false;
process.on('SIGTERM', () => void (stopping = true));
process.stdout.write('ready\n');
while (!stopping) {
  const batch = await tailer.read();
  if (batch?.kind === 'file' && batch.lines.length > 0) {
    batches++;
    lines += batch.lines.length;
    if (cfg.out) appendFileSync(cfg.out, batch.lines.map((l) => `${l.text}\n`).join(''));
    if (cfg.holdAfterBatch === batches) {
      process.stdout.write(`held ${batches}\n`);
      // Held for good (a timer keeps the process alive) until the test's SIGKILL.
      setInterval(() => undefined, 60_000);
      await new Promise(() => undefined);
    }
  }
  if (batch) await tailer.commit(batch.checkpoint);
  if (batch?.kind === 'file' && batch.lines.length > 0) process.stdout.write(`batch ${batches} ${batch.lines.length}\n`);
  if (!batch || batch.stats.bytes < cfg.readBytesPerTick) await new Promise((r) => setTimeout(r, cfg.interval));
}
await tailer.close();
process.stdout.write(`${JSON.stringify({ lines, batches })}\n`);
