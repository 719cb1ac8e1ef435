import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest, type AdhocOptions } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { simulateFleet } from '../../../src/simulate/simulate.js';
import { pdfText } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink, type SmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

/** Whitespace as pdftotext, HTML and plain text each lay it out is not a difference in what is said. */
const flat = (s: string) =>
  s
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)))
    .replace(/\s+/g, ' ');

// The PDF and the mail of one report say the same things, because both come from the one archived model.
describe('a report and its mail', () => {
  const prefix = testPrefix();
  let sink: SmtpSink;
  let rt: AppRuntime;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = testConfig({
      prefix,
      raw: { reports: { daily: { period: 'day', template: 'fleet', recipients: { to: ['ops@example.test'] } } } },
      env: { SMTP_URL: sink.url },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    await simulateFleet({
      store: rt.deps.store,
      hosts: rt.deps.hosts,
      checks: rt.deps.checkStore,
      count: 3,
      days: 9,
      seed: 5,
      stepMs: 10 * 60_000,
    });
  });
  afterAll(async () => {
    await rt?.close();
    await sink?.close();
    await cleanupPrefix(prefix);
  });

  /** Renders, archives and mails one ad-hoc daily report; returns what the PDF and the mail say. */
  const report = async (adhoc: AdhocOptions) => {
    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: Date.now(), adhoc });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const before = sink.messages.length;
    await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
    await sink.waitFor(before + 1);
    const mail = sink.messages[before]!.parsed;
    const pdf = join(rt.deps.config.paths.data, `${request.id}.pdf`);
    writeFileSync(pdf, mail.attachments.find((a) => a.contentType === 'application/pdf')!.content);
    return {
      id: request.id,
      archiveId,
      pdf: flat(pdfText(pdf)),
      rawText: mail.text ?? '',
      text: flat(mail.text ?? ''),
      html: flat(mail.html || ''),
      subject: mail.subject ?? '',
    };
  };

  it('compares only with the previous report of the same name and host set, and the PDF and the mail agree', async () => {
    const one = await report({ hosts: ['sim-001'] });
    expect(one.pdf).toContain('No earlier report of this name and host set to compare with yet.');

    // Another host set: sim-001's report is no "previous report" of the fleet's.
    const fleet = await report({});
    for (const said of [fleet.pdf, fleet.text, fleet.html]) expect(said).toContain('No earlier report of this name and host set to compare with yet.');

    const again = await report({});
    const score = /Health score (\d+|not scored) → (\d+|not scored)/.exec(again.pdf)?.[0];
    expect(score, again.pdf.slice(0, 3000)).toBeDefined();
    const basis = `Compared with report ${fleet.id}`;
    for (const said of [again.pdf, again.text, again.html]) {
      expect(said).toContain(score);
      expect(said).toContain(basis);
      expect(said).not.toContain('No earlier report');
    }
    // Every finding the mail lists is in the PDF, word for word.
    const listed = [...again.rawText.matchAll(/^- \[(?:FAIL|WARN)\] (.+)$/gm)].map((m) => flat(m[1]!));
    expect(listed.length).toBeGreaterThan(0);
    for (const issue of listed) expect(again.pdf).toContain(issue);
  });

  it('names the report id as the report id and the archive entry as the archive entry', async () => {
    const r = await report({});
    expect(r.text).toContain(`Report id: ${r.id}`);
    expect(r.text).toContain(`Archive entry: ${r.archiveId}`);
    expect(r.text).not.toContain(`Report id: ${r.archiveId}`);
    expect(r.html).toContain(r.id);
    expect(r.html).toContain(r.archiveId);
    expect(r.pdf).toContain(`Report id: ${r.id}`);
  });
});
