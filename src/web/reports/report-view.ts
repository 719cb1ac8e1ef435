import type { ReportRecord, ReportRepo } from '../../report/report-repo.js';

const FINAL = new Set(['delivered', 'completed', 'failed']);

/** A report as the API and the console show it: status, progress, ledger and where to get it. */
export async function reportView(reports: ReportRepo, record: ReportRecord) {
  const ledger = await reports.events(record.id);
  const archived = record.archiveId !== null;
  return {
    id: record.id,
    name: record.request.name,
    trigger: record.request.trigger,
    status: record.status,
    progress: record.progress,
    done: FINAL.has(record.status),
    error: record.error,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    period: { from: record.request.from, to: record.request.to, kind: record.request.periodKind, timezone: record.request.timezone },
    hosts: record.request.hosts,
    locale: record.request.locale,
    recipients: record.request.recipients,
    archiveId: record.archiveId,
    messageIds: record.messageIds,
    ledger,
    links: {
      self: `/api/reports/${encodeURIComponent(record.id)}`,
      page: `/reports/${encodeURIComponent(record.id)}`,
      pdf: archived && record.request.formats.includes('pdf') ? `/api/archive/${record.archiveId}/pdf` : null,
      html: archived && record.request.formats.includes('html') ? `/archive/${record.archiveId}/html` : null,
    },
  };
}

export type ReportView = Awaited<ReturnType<typeof reportView>>;
