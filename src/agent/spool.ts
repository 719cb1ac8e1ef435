import { appendFile, mkdir, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../collect/snapshot.js';
import type { Logger } from '../shared/logger.js';

/** Segments roll over at this size, so dropping the oldest frees space in useful steps. */
const SEGMENT_BYTES = 4 * 1024 * 1024;

export type Spool = {
  write(snapshot: Snapshot): Promise<void>;
  /** Oldest first; `apply` must be idempotent: a crash mid-flush replays the segment. */
  flush(apply: (snapshots: Snapshot[]) => Promise<void>): Promise<number>;
  pending(): Promise<number>;
};

/**
 * Snapshots taken while Redis is unreachable, as JSON lines in segment files under the data dir.
 * Bounded: past `maxBytes` the oldest segments are dropped, and how many samples that lost is
 * logged. A full disk or unwritable dir loses the sample with a log line; it never crashes the agent.
 */
export function createSpool(opts: { dir: string; maxBytes: number; log: Logger }): Spool {
  let current: string | null = null;
  let currentBytes = 0;
  // Flush runs before every live write; once the spool is known empty it costs no I/O. It starts
  // "maybe pending" because a previous run may have left segments behind.
  let maybePending = true;
  const segments = async () => (await readdir(opts.dir).catch(() => [] as string[])).filter((f) => /^spool-\d+-\d+\.jsonl$/.test(f)).sort();

  const enforceBound = async () => {
    const files = await segments();
    const sizes = await Promise.all(
      files.map((f) =>
        stat(join(opts.dir, f))
          .then((s) => s.size)
          .catch(() => 0),
      ),
    );
    let total = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < files.length - 1 && total > opts.maxBytes; i++) {
      const file = join(opts.dir, files[i]!);
      const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
      await rm(file, { force: true });
      total -= sizes[i] ?? 0;
      opts.log.warn({ droppedSamples: lines, file: files[i], maxBytes: opts.maxBytes }, 'spool full: dropped the oldest snapshots');
    }
  };

  return {
    async write(snapshot) {
      const line = `${JSON.stringify(snapshot)}\n`;
      try {
        await mkdir(opts.dir, { recursive: true });
        if (!current || currentBytes + Buffer.byteLength(line) > SEGMENT_BYTES) {
          current = join(opts.dir, `spool-${String(snapshot.t).padStart(14, '0')}-${process.pid}.jsonl`);
          currentBytes = 0;
          await enforceBound();
        }
        try {
          await appendFile(current, line);
        } catch (err) {
          // A full disk may take part of the line: cut it off, or the next line would be glued to it
          // and lost with it.
          await truncate(current, currentBytes).catch(() => undefined);
          throw err;
        }
        currentBytes += Buffer.byteLength(line);
        maybePending = true;
      } catch (err) {
        opts.log.error({ err: (err as Error).message, dir: opts.dir }, 'cannot write to the spool: this snapshot is lost');
      }
    },
    async flush(apply) {
      if (!maybePending) return 0;
      let flushed = 0;
      for (const f of await segments()) {
        const file = join(opts.dir, f);
        const text = await readFile(file, 'utf8').catch(() => '');
        const snapshots = text
          .split('\n')
          .filter(Boolean)
          .flatMap((l) => {
            try {
              return [JSON.parse(l) as Snapshot];
            } catch {
              return []; // a line cut by a crash mid-write
            }
          });
        await apply(snapshots);
        await rm(file, { force: true });
        if (file === current) {
          current = null;
          currentBytes = 0;
        }
        flushed += snapshots.length;
      }
      maybePending = false;
      return flushed;
    },
    async pending() {
      return (await segments()).length;
    },
  };
}
