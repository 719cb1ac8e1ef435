import { Command } from 'commander';
import type { Worker } from 'bullmq';
import { QueueKind, queueName } from '../../queue/queue-names.js';
import { UsageError } from '../../shared/errors.js';
import { runCloseSteps } from '../../shared/close-once.js';
import { action, commandLogger, readConfig, type GlobalOpts } from '../context.js';
import { waitForReport } from './wait-for-report.js';

/** `checkup deliveries [--report ID]`: the ledger of what was generated, rendered, sent or failed. */
export function deliveriesCommand(parent: () => GlobalOpts): Command {
  const cmd = new Command('deliveries')
    .description('show the delivery ledger: generated, rendered, sent or failed, with reasons')
    .option('--report <id>', 'one report only')
    .option('--limit <n>', 'how many recent reports', '20')
    .option('--json', 'one JSON array')
    .action(
      action(async (o: { report?: string; limit: string; json?: boolean }) => {
        // Loaded on use: `checkup --help` and `config check` should not pay for BullMQ and Chromium.
        const { boot } = await import('../../app/boot.js');
        const limit = Number(o.limit);
        if (!/^\d+$/.test(o.limit.trim()) || limit < 1 || limit > 500) throw new UsageError(`--limit must be a whole number from 1 to 500, got "${o.limit}"`);
        const config = readConfig(parent());
        const booted = await boot({ config, log: commandLogger(parent()), startEmbedded: false });
        try {
          const { reports } = booted.runtime.deps;
          const records = o.report ? [await reports.get(o.report)].filter((r) => r !== null) : await reports.list({ limit });
          const rows = await Promise.all(records.map(async (r) => ({ ...r, ledger: await reports.events(r.id) })));
          if (o.json) return void console.log(JSON.stringify(rows));
          if (rows.length === 0) return void console.log(o.report ? `no report "${o.report}"` : 'no reports yet');
          for (const r of rows) {
            console.log(`${r.id}  ${r.status}${r.error ? `  (${r.error})` : ''}`);
            for (const e of r.ledger) console.log(`    ${new Date(e.t).toISOString()}  ${e.stage.padEnd(9)} ${e.detail}`);
          }
          return o.report && rows.length === 0 ? 1 : 0;
        } finally {
          await booted.close();
        }
      }),
    );
  cmd
    .command('retry')
    .description('send a report whose delivery failed, once (nothing is sent again to recipients who have it)')
    .argument('<id>', 'report id (see `checkup deliveries`)')
    .option('--wait', 'follow the delivery until it is sent or fails (delivers in this process if no worker runs)')
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '300')
    .action(
      action(async (id: string, o: { wait?: boolean; timeout: string }) => {
        const { boot } = await import('../../app/boot.js');
        const { retryDelivery } = await import('../../deliver/retry-delivery.js');
        const config = readConfig(parent());
        const log = commandLogger(parent());
        const booted = await boot({ config, log, startEmbedded: false });
        const inline: Worker[] = [];
        try {
          const { deps } = booted.runtime;
          const queue = booted.runtime.queues.get(queueName(QueueKind.Deliver));
          const r = await retryDelivery({ deps, queue, reportId: id });
          console.log(r.detail);
          if (!o.wait || r.outcome === 'already-sent' || r.outcome === 'no-recipients') return 0;
          if ((await queue.getWorkersCount()) === 0) {
            const { startQueueWorker } = await import('../../app/start-queue-worker.js');
            const { handlersFor } = await import('../../../jobs/registry.js');
            console.error('no worker is running; delivering in this process');
            inline.push(startQueueWorker(booted.runtime, QueueKind.Deliver, handlersFor(QueueKind.Deliver), { concurrency: 1, log }));
          }
          const final = await waitForReport({ reports: deps.reports, id, timeoutMs: Number(o.timeout) * 1000 });
          console.log(`report ${id}: ${final.status}${final.error ? ` (${final.error})` : ''}`);
          return final.status === 'delivered' || final.status === 'completed' ? 0 : 1;
        } finally {
          // Each step on its own: a worker that fails to close must not leave Redis and Chromium open.
          await runCloseSteps(
            [
              ['inline workers', () => Promise.all(inline.map((w) => w.close()))],
              ['runtime', () => booted.close()],
            ],
            log,
          );
        }
      }),
    );
  return cmd;
}
