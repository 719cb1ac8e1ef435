import { Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { describeTarget, redisTarget } from '../../queue/redis-target.js';
import { action } from '../context.js';

/** `checkup config check [FILE]`: every problem with its path and value, exit 2; else a summary. */
export function configCommand(): Command {
  const cmd = new Command('config').description('inspect and validate configuration');
  cmd
    .command('check')
    .description('validate a config file (default: --config, CHECKUP_CONFIG or ./checkup.yml)')
    .argument('[file]', 'config file to check')
    .action(
      action(async (file: string | undefined) => {
        const global = cmd.parent?.opts<{ config?: string }>() ?? {};
        const config = loadConfig({ file: file ?? global.config });
        const reports = Object.entries(config.reports);
        console.log(`config OK: ${config.source}`);
        console.log(`  host:     ${config.hostId}${config.host.tags.length ? ` (tags: ${config.host.tags.join(', ')})` : ''}`);
        const redis =
          config.redis.sentinel || config.redis.cluster ? describeTarget(redisTarget(config.redis)) : config.redis.url.replace(/\/\/[^@/]*@/, '//***@');
        console.log(`  redis:    ${redis} (prefix ${config.redis.prefix})`);
        console.log(`  mail:     ${config.mail.smtpUrl ? config.mail.smtpUrl.replace(/\/\/[^@/]*@/, '//***@') : `outbox ${config.paths.outbox}`}`);
        console.log(`  data:     ${config.paths.data}`);
        console.log(`  reports:  ${reports.length}`);
        for (const [name, r] of reports) {
          const when = r.schedule ? `"${r.schedule}" ${r.timezone}` : 'on demand';
          console.log(
            `    - ${name}: ${r.template}, ${r.period}, ${when}, ${r.recipients.to.length + r.recipients.cc.length + r.recipients.bcc.length} recipient(s), ${r.locale}`,
          );
        }
        console.log(
          `  checks:   ${config.checks.length}${config.checks.length ? ` (${config.checks.map((c) => `${c.name}:${c.kind}${c.restart ? '+restart' : ''}`).join(', ')})` : ''}`,
        );
        console.log(
          `  alerts:   ${config.alerts.rules.length} rule(s), ${Object.keys(config.alerts.channels).length} channel(s), ${config.alerts.maintenance.length} maintenance window(s)`,
        );
        console.log(`  web:      http://${config.web.bind}:${config.web.port}${config.web.token ? ' (token required)' : ''}`);
        return 0;
      }),
    );
  return cmd;
}
