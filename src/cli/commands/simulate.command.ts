import { Command } from 'commander';
import { parseDuration } from '../../shared/duration.js';
import { UsageError } from '../../shared/errors.js';
import { createProgressLine } from '../progress-line.js';
import { action, commandLogger, readConfig, type GlobalOpts } from '../context.js';

const int = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
};

/** `checkup simulate`: backfill realistic history for synthetic hosts (demo, tests, load benches). */
export function simulateCommand(parent: () => GlobalOpts): Command {
  return new Command('simulate')
    .description('backfill deterministic history for synthetic hosts sim-001…, marked as simulated')
    .option('--hosts <n>', 'how many hosts', '10')
    .option('--days <d>', 'days of history', '14')
    .option('--seed <s>', 'random seed: the same seed gives the same fleet', '1')
    .option('--step <duration>', 'sample spacing', '5m')
    .option('--json', 'print the summary as JSON')
    .action(
      action(async (o: { hosts: string; days: string; seed: string; step: string; json?: boolean }) => {
        // Loaded on use: `checkup --help` and `config check` should not pay for BullMQ and Chromium.
        const { boot } = await import('../../app/boot.js');
        const { simulateFleet } = await import('../../simulate/simulate.js');
        const count = int('--hosts', o.hosts, 1, 10_000);
        const days = int('--days', o.days, 1, 400);
        const seed = int('--seed', o.seed, 0, 2 ** 31 - 1);
        const stepMs = parseDuration(o.step);
        if (stepMs === null || stepMs < 10_000 || stepMs > 86_400_000) throw new UsageError(`--step must be a duration from 10s to 1d, got "${o.step}"`);
        const config = readConfig(parent());
        const progress = createProgressLine(process.stderr);
        const booted = await boot({ config, log: commandLogger(parent(), progress.logStream), startEmbedded: false });
        try {
          const { deps } = booted.runtime;
          const r = await simulateFleet({
            store: deps.store,
            hosts: deps.hosts,
            checks: deps.checkStore,
            alerts: deps.alertStore,
            count,
            days,
            seed,
            stepMs,
            onHost: (d, t) => progress.update(`simulated ${d}/${t} hosts`),
          }).finally(() => progress.done());
          const summary = { hosts: r.hosts.length, days, seed, samples: r.samples, seconds: Math.round(r.ms) / 1000 };
          console.log(o.json ? JSON.stringify(summary) : `simulated ${summary.hosts} hosts × ${days} days: ${summary.samples} samples in ${summary.seconds} s`);
          return 0;
        } finally {
          await booted.close();
        }
      }),
    );
}
