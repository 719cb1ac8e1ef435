import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestWeb, type TestWeb } from '../../utils/web-harness.js';

const REPORTS = { daily: { recipients: { to: ['ops@example.test'], cc: ['Lead@Example.test'] } } };
const CHANNELS = { mail: { type: 'email', to: ['oncall@example.test'] } };

// POST /api/reports with `emails` on the default loopback setup (no token): who may receive it.
describe('ad-hoc report recipients', () => {
  let byDefault: TestWeb;
  let listed: TestWeb;
  beforeAll(async () => {
    byDefault = await startTestWeb({ raw: { reports: REPORTS, alerts: { channels: CHANNELS } } });
    listed = await startTestWeb({ raw: { reports: REPORTS, web: { adhocRecipients: ['@corp.example', 'auditor@elsewhere.example'] } } });
  });
  afterAll(async () => {
    await byDefault?.close();
    await listed?.close();
  });

  it('by default allows only addresses the config already mails, and refuses others with 403 and the reason', async () => {
    for (const email of ['ops@example.test', 'lead@example.test', 'oncall@example.test']) {
      expect((await postJson(`${byDefault.url}/api/reports`, { report: 'daily', emails: [email] })).status, email).toBe(202);
    }
    const refused = await postJson(`${byDefault.url}/api/reports`, { report: 'daily', emails: ['ops@example.test', 'me@attacker.example'] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'forbidden',
      field: 'emails',
      message: expect.stringMatching(/"me@attacker\.example" may not receive ad-hoc reports: only addresses already in the config .* web\.adhocRecipients/),
    });
    // Without emails the configured recipients get it, as before.
    expect((await postJson(`${byDefault.url}/api/reports`, { report: 'daily' })).status).toBe(202);
  });

  it('with web.adhocRecipients, allows the listed addresses and @domains only (not subdomains)', async () => {
    expect((await postJson(`${listed.url}/api/reports`, { report: 'daily', emails: ['anyone@corp.example', 'AUDITOR@elsewhere.example'] })).status).toBe(202);
    for (const email of ['ops@example.test', 'x@sub.corp.example', 'other@elsewhere.example', 'x@corp.example.evil']) {
      const res = await postJson(`${listed.url}/api/reports`, { report: 'daily', emails: [email] });
      expect(res.status, email).toBe(403);
      expect(String(res.body.message)).toContain('it is not in web.adhocRecipients');
    }
  });

  it('answers a text/plain body with 415 and the reason, as docs/openapi.yaml says', async () => {
    const res = await fetch(`${byDefault.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: '{"report":"daily"}',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: 'unsupported_media_type',
      message: 'body: content-type "text/plain" is not accepted here; send application/json',
    });
  });
});
