import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../src/app/create-deps.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

// Mail servers bounce big messages; base64 adds a third. Over the limit, the mail points at the archive.
describe('attachment size guard (outbox transport)', () => {
  const prefix = testPrefix();
  afterAll(() => cleanupPrefix(prefix));

  for (const limit of ['10MB', '20KB']) {
    it(`with a ${limit} limit`, async () => {
      const config = testConfig({
        prefix,
        raw: { mail: { maxMessageBytes: limit }, reports: { daily: { hosts: ['ghost'], recipients: { to: ['a@example.test'] } } } },
      });
      const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
      try {
        const request = buildReportRequest({ config, name: 'daily', trigger: 'adhoc', at: Date.now() });
        const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
        const entry = (await rt.deps.archive.get(archiveId))!;
        const out = await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
        const files = readdirSync(config.paths.outbox);
        expect(files).toHaveLength(1);
        const raw = readFileSync(join(config.paths.outbox, files[0]!));
        const mail = await simpleParser(raw);
        if (limit === '10MB') {
          expect(out.attachment).toBe(true);
          expect(mail.attachments).toHaveLength(1);
          expect(entry.files!.pdf!.bytes * 1.33).toBeLessThan(raw.length);
        } else {
          expect(out.attachment).toBe(false);
          expect(mail.attachments).toHaveLength(0);
          expect(raw.length).toBeLessThan(entry.files!.pdf!.bytes);
          expect(mail.text).toContain('larger than the mail size limit');
          // The opening line must not say it is attached when it is not.
          expect(mail.text).not.toContain('is attached');
          expect(mail.html || '').not.toContain('is attached');
          expect(mail.text).toContain(entry.id);
          expect(mail.html || '').toContain(entry.id);
        }
      } finally {
        await rt.close();
      }
    });
  }

  it('says a report made as HTML only has no PDF, instead of calling a missing PDF too large', async () => {
    const config = testConfig({ prefix, raw: { reports: { daily: { hosts: ['ghost'], formats: ['html'], recipients: { to: ['a@example.test'] } } } } });
    const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    try {
      const request = buildReportRequest({ config, name: 'daily', trigger: 'adhoc', at: Date.now() });
      await renderReport({ deps: rt.deps, request, progress: async () => undefined });
      await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
      const files = readdirSync(config.paths.outbox);
      const mail = await simpleParser(readFileSync(join(config.paths.outbox, files[0]!)));
      expect(mail.attachments).toHaveLength(0);
      expect(mail.text).not.toContain('larger than the mail size limit');
      expect(mail.text).not.toContain('is attached');
      expect(mail.text).toContain('made as HTML only');
    } finally {
      await rt.close();
    }
  });
});
