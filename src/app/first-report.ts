import type { AppDeps } from './deps.js';
import { buildReportRequest } from '../report/request-factory.js';

/**
 * On a fresh install the archive is empty and the first scheduled report is hours away. So once
 * this host has two snapshots (the second carries rates), `checkup start` asks for one ad-hoc
 * report, so a new user sees a PDF in the archive and a message in the outbox within a minute.
 */
export async function queueFirstReport(opts: { deps: AppDeps; signal: AbortSignal }): Promise<string | null> {
  const { deps } = opts;
  if ((await deps.archive.list()).length > 0) return null;
  const name = deps.config.reports.daily ? 'daily' : Object.keys(deps.config.reports)[0];
  if (!name) return null;
  const started = Date.now();
  let seen = 0;
  let last: number | null = null;
  while (!opts.signal.aborted && seen < 2 && Date.now() - started < 5 * 60_000) {
    const record = await deps.hosts.get(deps.config.hostId);
    if (record?.lastSeen && record.lastSeen !== last) {
      last = record.lastSeen;
      seen++;
    }
    if (seen < 2) await new Promise((r) => setTimeout(r, 500));
  }
  if (opts.signal.aborted || seen < 2) return null;
  const request = buildReportRequest({ config: deps.config, name, trigger: 'adhoc', at: Date.now(), adhoc: { hosts: [deps.config.hostId] } });
  await deps.reports.create(request);
  await deps.enqueue('render-report', { request });
  deps.log.info({ report: request.id }, 'first run: queued a first report');
  return request.id;
}
