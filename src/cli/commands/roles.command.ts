import { Command } from 'commander';
import type { Worker } from 'bullmq';
import { action, readConfig, serviceLogger, type GlobalOpts } from '../context.js';
import { runCloseSteps } from '../../shared/close-once.js';

type Role = 'start' | 'agent' | 'worker';

// Shutdown bounds: a supervisor's stop timeout (docker: 10 s, systemd: 90 s) is the outer limit;
// these keep `checkup worker` from outliving a SIGTERM on a close that never settles.
const WORKERS_CLOSE_MS = 15_000;
const RUNTIME_CLOSE_MS = 10_000;

const DESCRIPTIONS: Record<Role, string> = {
  start: 'run everything for this host in one process: agent, workers, web console (and a private Redis if none answers)',
  agent: 'collect this host into Redis on the configured interval',
  worker: 'render, deliver and maintain: the report, deliver and maintenance queues',
};

/** The long-running roles. Shutdown is graceful: workers, then queues, then Redis and the browser. */
export function roleCommand(role: Role, parent: () => GlobalOpts): Command {
  return new Command(role).description(DESCRIPTIONS[role]).action(
    action(async () => {
      // The config first: a bad one is exit 2 at once, before BullMQ and Chromium code loads.
      const config = readConfig(parent());
      // Loaded on use: `checkup --help` and `config check` should not pay for BullMQ and Chromium.
      const { boot } = await import('../../app/boot.js');
      // An agent alone stays small: it never loads the report, web or browser code.
      const { startAgentRole } = role !== 'worker' ? await import('../../app/agent-role.js') : { startAgentRole: null };
      const { startWorkerRole } = role !== 'agent' ? await import('../../app/worker-role.js') : { startWorkerRole: null };
      const log = serviceLogger(config);
      // An agent starts without Redis: it samples to its spool and flushes when Redis answers.
      const booted = await boot({ config, log, startEmbedded: role === 'start', waitForRedis: role === 'agent' });
      const workers: Worker[] = [];
      const stop = new AbortController();
      let agent: { close(): Promise<void> } | null = null;
      let web: { close(): Promise<void>; url: string } | null = null;
      // Whatever fails on the way up (a taken web port, a schedule Redis refuses) must still
      // release what already started, or the process lives on headless.
      try {
        agent = startAgentRole ? await startAgentRole(booted.runtime) : null;
        if (startWorkerRole) workers.push(...(await startWorkerRole(booted.runtime)).workers);
        const webRole = role === 'start' ? await import('../../web/web-role.js') : null;
        web = webRole ? await webRole.startWebRole(booted.runtime, webRole.configuredExtras(booted.runtime)) : null;
        if (web) log.info({ url: web.url }, 'web console');
        if (role === 'start')
          void (await import('../../app/first-report.js'))
            .queueFirstReport({ deps: booted.runtime.deps, signal: stop.signal })
            .catch((err: unknown) => log.error({ err }, 'first report could not be queued'));
        await new Promise<void>((resolve) => {
          const onSignal = (sig: string) => {
            log.info({ sig }, 'shutting down');
            resolve();
          };
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
        });
      } finally {
        stop.abort();
        // Each step runs even when one before it failed, or a private redis-server outlives us.
        await runCloseSteps(
          [
            ['web console', () => web?.close()],
            // Workers first, so no job is taken while the things it needs are going away.
            // Bounded: running jobs get WORKERS_CLOSE_MS to finish (an unfinished one is retried by
            // another worker once its lock lapses); a close that never settles is left behind.
            ['workers', () => Promise.all([agent?.close(), ...workers.map((w) => w.close())]), { timeoutMs: WORKERS_CLOSE_MS }],
            ['runtime', () => booted.close(), { timeoutMs: RUNTIME_CLOSE_MS }],
          ],
          log,
        );
        // Everything was closed; a connection a library failed to close must not keep a stopped
        // service alive. Seen on a Redis Cluster after a failover: BullMQ workers' Cluster
        // connections to the nodes (ioredis) stayed open, and the agent never exited on SIGTERM.
        setTimeout(() => {
          log.warn({ resources: process.getActiveResourcesInfo() }, 'still open 3 s after shutdown: exiting anyway');
          process.exit();
        }, 3_000).unref();
      }
      return 0;
    }),
  );
}
