import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/load-config.js';
import { UsageError } from '../shared/errors.js';
import type { ReportRequest } from './model/report-request.js';
import { previousPeriod, trailingPeriod, type PeriodKind } from './periods.js';

export type AdhocOptions = {
  hosts?: string[];
  period?: PeriodKind;
  from?: number;
  to?: number;
  emails?: string[];
  locale?: 'en' | 'zh-CN';
};

/** Time-sortable and unique: a report id sorts by when it was asked for. */
export function newReportId(name: string, at = Date.now()): string {
  return `${name}-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Turns a configured report plus the caller's choices into a fixed request. Scheduled runs cover
 * the previous calendar period of the fire time; ad-hoc runs the trailing window up to now, unless
 * --from/--to are given.
 */
export function buildReportRequest(opts: { config: AppConfig; name: string; trigger: 'schedule' | 'adhoc'; at: number; adhoc?: AdhocOptions }): ReportRequest {
  const rc = opts.config.reports[opts.name];
  if (!rc) throw new UsageError(`no report named "${opts.name}" in the config (known: ${Object.keys(opts.config.reports).join(', ') || 'none'})`);
  const a = opts.adhoc ?? {};
  const kind = a.period ?? rc.period;
  let period = opts.trigger === 'schedule' ? previousPeriod(kind, opts.at, rc.timezone) : trailingPeriod(kind, opts.at, rc.timezone);
  if (a.from !== undefined || a.to !== undefined) {
    if (a.from === undefined || a.to === undefined) throw new UsageError('--from and --to go together');
    if (!(a.from < a.to)) throw new UsageError('--from must be before --to');
    period = { from: a.from, to: a.to };
  }
  const custom = a.from !== undefined;
  return {
    id: opts.trigger === 'schedule' ? `${opts.name}-${opts.at}` : newReportId(opts.name, opts.at),
    name: opts.name,
    title: rc.title ?? '',
    template: rc.template,
    hosts: a.hosts && a.hosts.length > 0 ? a.hosts : rc.hosts,
    from: period.from,
    to: period.to,
    periodKind: custom ? 'custom' : kind,
    timezone: rc.timezone,
    locale: a.locale ?? rc.locale,
    formats: rc.formats,
    recipients: a.emails && a.emails.length > 0 ? { to: a.emails, cc: [], bcc: [] } : rc.recipients,
    trigger: opts.trigger,
    showIdleInterfaces: rc.showIdleInterfaces,
  };
}
