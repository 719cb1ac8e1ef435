import juice from 'juice';
import type { AppDeps } from '../app/deps.js';
import { interpolate } from '../report/templates/helpers.js';
import { decodeReportRecord, type TReportRecord } from '../archive/report-record.js';
import { AppError } from '../shared/errors.js';
import { recipientGroup, type DeliveryLedger } from './delivery-ledger.js';
import type { MailMessage } from './mailer.js';

export type DeliveryOutcome = { messageId: string | null; skipped?: 'no-recipients' | 'already-sent'; attachment: boolean };

/**
 * Sends one archived report to its recipients: HTML body with inlined CSS, a plain-text part and
 * the PDF attached, unless the encoded message would exceed the size limit, in which case the mail
 * says where the archived copy is. Reads only the archive: a failed send never re-renders.
 */
export async function deliverReport(opts: {
  deps: Pick<AppDeps, 'reports' | 'archive' | 'templates' | 'mailer' | 'config'>;
  ledger: DeliveryLedger;
  reportId: string;
  attempt: number;
}): Promise<DeliveryOutcome> {
  const { deps } = opts;
  const record = await deps.reports.get(opts.reportId);
  if (!record) throw new AppError('REPORT_MISSING', `report ${opts.reportId} not found`);
  if (!record.archiveId) throw new AppError('REPORT_NOT_RENDERED', `report ${opts.reportId} has no archived copy yet`);
  const entry = await deps.archive.get(record.archiveId);
  if (!entry) throw new AppError('ARCHIVE_MISSING', `archive entry ${record.archiveId} not found`);
  const { to, cc, bcc } = record.request.recipients;
  if (to.length + cc.length + bcc.length === 0) {
    await deps.reports.log(record.id, { stage: 'skipped', detail: 'no recipients configured' });
    return { messageId: null, skipped: 'no-recipients', attachment: false };
  }
  const group = recipientGroup({ to, cc, bcc });
  const prior = await opts.ledger.read(record.id, group);
  if (prior?.state === 'sent') return { messageId: prior.messageId, skipped: 'already-sent', attachment: false };

  const json = await deps.archive.readFile(entry, 'json');
  if (!json) throw new AppError('ARCHIVE_MISSING', `archive entry ${entry.id} has no JSON record`);
  // Records archived before the overview had its own key kept it under `hosts`.
  const archived = decodeReportRecord(json, entry.id).model;
  const model = { ...archived, overview: archived.overview ?? archived.hosts ?? [] };
  const pdf = await deps.archive.readFile(entry, 'pdf');
  const messageId = `<report-${record.id}-${group}@checkup>`;
  // The chain head goes into the footer: every recipient keeps a copy of where the archive stood.
  const head = (await deps.archive.head()) ?? { seq: entry.seq, hash: entry.hash };
  const chain = { entrySeq: entry.seq, entryId: entry.id, headSeq: head.seq, headHash: head.hash };
  const loc = { locale: record.request.locale, timezone: record.request.timezone };
  const build = (attach: boolean): MailMessage => {
    const context = {
      ...model,
      meta: { ...model.meta, archiveId: entry.id },
      chain,
      // Three different truths: attached, too large to attach, or no PDF made at all (formats: [html]).
      delivery: !pdf
        ? { noPdf: true }
        : attach
          ? { attached: true }
          : { tooLarge: true, pdfSize: `${(pdf.length / 1048576).toFixed(1)} MiB`, archivePath: deps.archive.fileLocation(entry, 'pdf') ?? entry.id },
    };
    return {
      from: deps.config.mail.from,
      to,
      cc,
      bcc,
      subject: subjectOf({ model, strings: deps.templates.strings(record.request.locale) }),
      html: juice(deps.templates.render('email/body', context, loc)),
      text: deps.templates.render('email/text', context, loc),
      attachments: attach && pdf ? [{ filename: `${record.request.name}-${record.id}.pdf`, content: pdf, contentType: 'application/pdf' }] : [],
      messageId,
    };
  };
  let message = build(Boolean(pdf));
  if (pdf && (await deps.mailer.encodedSize(message)) > deps.config.mail.maxMessageBytes) message = build(false);

  await opts.ledger.mark(record.id, group, { state: 'sending', messageId, attempts: opts.attempt, at: Date.now() });
  try {
    const sent = await deps.mailer.send(message);
    await opts.ledger.mark(record.id, group, { state: 'sent', messageId: sent.messageId, attempts: opts.attempt, at: Date.now(), head });
    const via = sent.outboxPath ? `outbox ${sent.outboxPath}` : `smtp ${sent.response ?? ''}`.trim();
    await deps.reports.log(record.id, {
      stage: 'sent',
      detail: `${messageId} to ${to.length + cc.length + bcc.length} recipient(s) via ${via}${message.attachments?.length ? '' : ' (no attachment: over size limit)'}; archive chain head #${head.seq} ${head.hash}`,
    });
    return { messageId: sent.messageId, attachment: Boolean(message.attachments?.length) };
  } catch (err) {
    await opts.ledger.mark(record.id, group, { state: 'failed', messageId, attempts: opts.attempt, at: Date.now(), error: (err as Error).message });
    throw err;
  }
}

/** "Weekly report — Nov 24 – Dec 1 — 86/100", in the report's language; no number without a score. */
function subjectOf(opts: { model: Pick<TReportRecord['model'], 'meta' | 'summary'>; strings: Record<string, string> }): string {
  const { meta, summary } = opts.model;
  const score = typeof summary.score === 'number' ? `${summary.score}/100` : (opts.strings['email.subjectNoScore'] ?? 'not enough data to score');
  return interpolate(opts.strings['email.subject'] ?? '{title} — {period} — {score}', { title: meta.title, period: meta.periodLabel, score });
}
