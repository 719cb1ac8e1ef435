import { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { action, commandLogger, readConfig, type GlobalOpts } from '../context.js';

/** `checkup deliveries [--report ID]`: the ledger of what was generated, rendered, sent or failed. */
export function deliveriesCommand(parent: () => GlobalOpts): Command {
  return new Command('deliveries')
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
}
