import type { Logger } from '../shared/logger.js';
import type { SnapshotCollector, SnapshotTick } from '../security/agent/snapshot-collector.js';

export type SecurityLoop = {
  /** One snapshot now (tests and the first tick); runs are never concurrent. */
  tick(): Promise<SnapshotTick>;
  start(): void;
  stop(): Promise<void>;
};

/**
 * The agent's security snapshots on their own timer (`security.interval`), apart from metric
 * collection: a slow /proc walk or a hash of a large file never delays a metric sample.
 */
export function createSecurityLoop(o: { collector: SnapshotCollector; intervalMs: number; log: Logger }): SecurityLoop {
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<SnapshotTick> => {
    const next = chain.then(() => o.collector.tick());
    chain = next.catch(() => undefined);
    return next;
  };
  let busy = false;
  return {
    tick,
    start() {
      const run = () => {
        if (busy) return;
        busy = true;
        tick()
          .then((t) => {
            if (t.portChanges + t.fileChanges > 0) o.log.info({ portChanges: t.portChanges, fileChanges: t.fileChanges }, 'security changes recorded');
          })
          .catch((err: unknown) => o.log.error({ err }, 'security snapshot failed'))
          .finally(() => (busy = false));
      };
      run();
      timer = setInterval(run, o.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await chain;
    },
  };
}
