import { describe, expect, it } from 'vitest';
import { createArchive } from '../../../src/archive/archive.js';
import { encodeReportRecord } from '../../../src/archive/report-record.js';
import type { AppConfig } from '../../../src/config/load-config.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { recipientGroup, type DeliveryState } from '../../../src/deliver/delivery-ledger.js';
import type { ReportRequest } from '../../../src/report/model/report-request.js';
import type { TemplateEngine } from '../../../src/report/templates/template-engine.js';
import { AppError } from '../../../src/shared/errors.js';
import { createMemoryArchiveStorage } from '../../utils/memory/memory-archive-storage.js';
import { createMemoryLedger } from '../../utils/memory/memory-ledger.js';
import { createMemoryMailer } from '../../utils/memory/memory-mailer.js';
import { createMemoryReportRepo } from '../../utils/memory/memory-report-repo.js';

const T = Date.UTC(2026, 10, 20);
const request = (recipients: ReportRequest['recipients']): ReportRequest => ({
  id: 'weekly-1',
  name: 'weekly',
  title: '',
  template: 'host',
  hosts: ['web-1'],
  from: T - 7 * 86_400_000,
  to: T,
  periodKind: 'week',
  timezone: 'UTC',
  locale: 'en',
  formats: ['html'],
  recipients,
  trigger: 'schedule',
});
const OPS = { to: ['ops@example.test'], cc: [], bcc: [] };

/** These paths end before anything is rendered: a template call would be a bug. */
const noTemplates: TemplateEngine = {
  render: () => {
    throw new Error('rendered');
  },
  strings: () => {
    throw new Error('rendered');
  },
  css: () => {
    throw new Error('rendered');
  },
};

async function world(o: { recipients: ReportRequest['recipients']; json: Buffer }) {
  const reports = createMemoryReportRepo();
  const archive = createArchive(createMemoryArchiveStorage());
  const req = request(o.recipients);
  await reports.create(req);
  const entry = await archive.put({ reportId: req.id, name: req.name, period: { from: req.from, to: req.to }, hosts: ['web-1'], files: { json: o.json } });
  await reports.update(req.id, { archiveId: entry.id, status: 'rendered' });
  const ledger = createMemoryLedger<DeliveryState>();
  const mailer = createMemoryMailer();
  const deps = {
    reports,
    archive,
    mailer,
    templates: noTemplates,
    config: { mail: { from: 'checkup@example.test', maxMessageBytes: 10_000_000 } } as AppConfig,
  };
  return { req, entry, reports, ledger, mailer, deliver: () => deliverReport({ deps, ledger, reportId: req.id, attempt: 1 }) };
}

const validRecord = () =>
  encodeReportRecord({
    id: 'weekly-1',
    name: 'weekly',
    period: { from: '2026-11-13T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z', timezone: 'UTC' },
    hosts: ['web-1'],
    files: {},
    createdAt: '2026-11-20T00:00:01.000Z',
    request: { id: 'weekly-1', name: 'weekly' },
    model: {
      meta: { id: 'weekly-1', name: 'weekly', title: 'Weekly', periodLabel: 'Nov 13 – 20', locale: 'en', timezone: 'UTC' },
      summary: { score: 90, issues: [] },
    },
  });

describe('report delivery against the repositories', () => {
  it('sends nothing to a group the ledger says was sent, and reads no archived copy to find that out', async () => {
    // Not even a record: the ledger answers first.
    const w = await world({ recipients: OPS, json: Buffer.from('not json') });
    await w.ledger.mark(w.req.id, recipientGroup(OPS), { state: 'sent', messageId: '<first@checkup>', attempts: 1, at: T });
    expect(await w.deliver()).toEqual({ messageId: '<first@checkup>', skipped: 'already-sent', attachment: false });
    expect(w.mailer.sent).toEqual([]);
  });

  it('skips a report without recipients and says so in its log', async () => {
    const w = await world({ recipients: { to: [], cc: [], bcc: [] }, json: validRecord() });
    expect(await w.deliver()).toEqual({ messageId: null, skipped: 'no-recipients', attachment: false });
    expect((await w.reports.events(w.req.id)).map((e) => [e.stage, e.detail])).toContainEqual(['skipped', 'no recipients configured']);
    expect(await w.ledger.rows()).toEqual([]);
  });

  it('refuses a corrupt archived record with its entry named, before the ledger says "sending" or anything is mailed', async () => {
    const corrupt = JSON.parse(validRecord().toString('utf8')) as { model: { summary: { score: unknown } } };
    corrupt.model.summary.score = 'high';
    const w = await world({ recipients: OPS, json: Buffer.from(JSON.stringify(corrupt)) });
    const err = await w.deliver().catch((e: unknown) => e as AppError);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ARCHIVE_RECORD_INVALID');
    expect((err as AppError).message).toContain(`archive entry ${w.entry.id}: the JSON record is invalid`);
    expect((err as AppError).message).toContain('model.summary.score');
    expect(await w.ledger.rows()).toEqual([]);
    expect(w.mailer.sent).toEqual([]);
  });
});
