import { Command, Option } from 'commander';
import type { Worker } from 'bullmq';
import { buildReportRequest } from '../../report/request-factory.js';
import { QueueKind, queueName } from '../../queue/queue-names.js';
import { ZEmail, ZId } from '../../config/primitives.js';
import { AppError, UsageError } from '../../shared/errors.js';
import { runCloseSteps } from '../../shared/close-once.js';
import { createProgressLine } from '../progress-line.js';
import { action, commandLogger, printError, readConfig, type GlobalOpts } from '../context.js';
import { waitForReport } from './wait-for-report.js';

type ReportOpts = {
  host: string[];
  period?: 'day' | 'week' | 'month';
  from?: string;
  to?: string;
  email: string[];
  wait?: boolean;
  json?: boolean;
  locale?: 'en' | 'zh-CN';
  timeout: string;
};

const collect = (v: string, prev: string[]) => [...prev, v];

function parseTimeout(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 86_400) throw new UsageError(`--timeout must be a whole number of seconds from 1 to 86400, got "${v}"`);
  return n * 1000;
}

/** Checked before anything is written: a bad address must not leave a report record behind. */
function checkRecipients(o: ReportOpts): void {
  const badEmail = o.email.find((e) => !ZEmail.safeParse(e).success);
  if (badEmail !== undefined) throw new UsageError(`--email: not an email address: "${badEmail}"`);
  const badHost = o.host.find((h) => !ZId.safeParse(h).success);
  if (badHost !== undefined) throw new UsageError(`--host: not a host id: "${badHost}"`);
}

function parseTime(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  // Within Date's range: a later epoch ms is no time at all, and would throw when formatted.
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15) throw new UsageError(`${flag}: not an ISO-8601 time or epoch ms: "${v}"`);
  return t;
}

/** `checkup report <name>`: queue an ad-hoc report through the same queue schedules use. */
export function reportCommand(parent: () => GlobalOpts): Command {
  return new Command('report')
    .description('queue an ad-hoc report; with --wait, follow it until archived and delivered')
    .argument('<name>', 'a report name from the config (e.g. daily)')
    .option('--host <id>', 'limit to this host (repeatable)', collect, [])
    .addOption(new Option('--period <period>', 'trailing period').choices(['day', 'week', 'month']))
    .option('--from <time>', 'period start, ISO-8601 or epoch ms')
    .option('--to <time>', 'period end, ISO-8601 or epoch ms')
    .option('--email <addr>', 'send to this address instead of the configured recipients (repeatable)', collect, [])
    .addOption(new Option('--locale <locale>', 'report language').choices(['en', 'zh-CN']))
    .option('--wait', 'show progress until the report is archived and delivered')
    .option('--json', 'print one JSON object: { id, status, pdf, html, messageId }')
    .option('--timeout <seconds>', 'give up waiting after this many seconds', '300')
    .action(
      action(async (name: string, o: ReportOpts) => {
        if (o.period && (o.from || o.to)) throw new UsageError('use either --period or --from/--to');
        const timeoutMs = parseTimeout(o.timeout);
        checkRecipients(o);
        const config = readConfig(parent());
        // Loaded on use: `checkup --help` and `config check` should not pay for BullMQ and Chromium.
        const { boot } = await import('../../app/boot.js');
        const { startQueueWorker } = await import('../../app/start-queue-worker.js');
        const { handlersFor } = await import('../../../jobs/registry.js');
        // Progress is for a terminal only; log lines share stderr without breaking into it.
        const progress = createProgressLine(process.stderr);
        const log = commandLogger(parent(), progress.logStream);
        const request = buildReportRequest({
          config,
          name,
          trigger: 'adhoc',
          at: Date.now(),
          adhoc: { hosts: o.host, period: o.period, from: parseTime(o.from, '--from'), to: parseTime(o.to, '--to'), emails: o.email, locale: o.locale },
        });
        const booted = await boot({ config, log, startEmbedded: false });
        const { deps } = booted.runtime;
        const inline: Worker[] = [];
        try {
          await deps.reports.create(request);
          await deps.enqueue('render-report', { request });
          if (!o.wait) {
            console.log(o.json ? JSON.stringify({ id: request.id, status: 'queued', pdf: null, html: null, messageId: null }) : `queued report ${request.id}`);
            return 0;
          }
          // With no worker running, this process does the work itself rather than wait forever.
          const reportQueue = booted.runtime.queues.get(queueName(QueueKind.Report));
          if ((await reportQueue.getWorkersCount()) === 0) {
            if (!o.json) console.error('no worker is running; rendering in this process');
            for (const kind of [QueueKind.Report, QueueKind.Deliver]) {
              // One job at a time, as before; the lock settings are the configured ones, as in the worker role.
              inline.push(startQueueWorker(booted.runtime, kind, handlersFor(kind), { concurrency: 1, log }));
            }
          }
          const final = await waitForReport({
            reports: deps.reports,
            id: request.id,
            timeoutMs,
            onProgress: (s, p) => progress.update(`${s.padEnd(11)} ${String(p).padStart(3)}%`),
          }).finally(() => progress.done());
          const out = {
            id: request.id,
            status: final.status,
            pdf: final.files.pdf ?? null,
            html: final.files.html ?? null,
            messageId: final.messageIds[0] ?? null,
          };
          if (o.json) console.log(JSON.stringify(out));
          else {
            console.log(`report ${out.id}: ${out.status}${final.error ? ` (${final.error})` : ''}`);
            if (out.pdf) console.log(`  pdf:  ${out.pdf}`);
            if (out.html) console.log(`  html: ${out.html}`);
            if (out.messageId) console.log(`  mail: ${out.messageId}`);
          }
          const ok = final.status === 'delivered' || final.status === 'completed';
          // A failure is one `checkup:` line on stderr (README), also with --json: the JSON answer
          // keeps its documented keys, and the reason is not left inside a JSON log line.
          if (!ok) printError(new AppError('REPORT_FAILED', `report ${out.id} ${out.status}: ${final.error ?? 'no reason recorded'}`));
          return ok ? 0 : 1;
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
}
