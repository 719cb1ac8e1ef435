import { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { assertSafeBind } from '../../web/security/bind.js';
import { action, readConfig, serviceLogger, type GlobalOpts } from '../context.js';

type WebOpts = { bind?: string; port?: string };

function parsePort(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port: not a port number: "${v}"`);
  return n;
}

/** `checkup web`: the console and HTTP API alone, for a host that runs no agent or worker. */
export function webCommand(parent: () => GlobalOpts): Command {
  return new Command('web')
    .description('serve the web console and HTTP API (web.bind:web.port, 127.0.0.1:8080 by default)')
    .option('--bind <address>', 'listen address (a non-loopback one requires web.token / CHECKUP_API_TOKEN)')
    .option('--port <port>', 'listen port (0 picks a free one)')
    .action(
      action(async (o: WebOpts) => {
        const base = readConfig(parent());
        const config = { ...base, web: { ...base.web, ...(o.bind ? { bind: o.bind } : {}), ...(o.port !== undefined ? { port: parsePort(o.port)! } : {}) } };
        // Refuse an unsafe bind before touching Redis: it is a config problem, exit 2.
        assertSafeBind(config.web);
        // Loaded on use: `checkup --help` and `config check` should not pay for BullMQ and Chromium.
        const { boot } = await import('../../app/boot.js');
        const { configuredExtras, startWebRole } = await import('../../web/web-role.js');
        const log = serviceLogger(config);
        const booted = await boot({ config, log, startEmbedded: false });
        try {
          const web = await startWebRole(booted.runtime, configuredExtras(booted.runtime));
          console.error(`checkup web console: ${web.url}`);
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
          await web.close();
        } finally {
          await booted.close();
        }
        return 0;
      }),
    );
}
