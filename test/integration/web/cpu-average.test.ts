import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantHost } from '../../utils/plant-host.js';
import { getJson, startTestWeb, type TestWeb } from '../../utils/web-harness.js';

/**
 * Seen in a new-user run: /api/hosts said "CPU 99.9% (5-min average)" for a host whose agent had
 * started 1.5 minutes before. Real HTTP, real Redis: an average names the span its samples cover.
 */
describe('console CPU average basis', () => {
  let web: TestWeb;
  const now = Date.now();

  beforeAll(async () => {
    web = await startTestWeb();
    const { deps } = web.rt;
    // 10 samples 10 s apart: the first 90 s ago.
    await plantHost(deps, { host: 'young', count: 10, stepMs: 10_000, end: now, cpu: () => 99.9 });
    // 40 samples: the first 6.5 minutes ago, so the last 5 minutes are covered.
    await plantHost(deps, { host: 'settled', count: 40, stepMs: 10_000, end: now, cpu: () => 99.9 });
  });
  afterAll(async () => web?.close());

  it('calls an average "5-min" only when samples cover 5 minutes', async () => {
    const { body } = await getJson(`${web.url}/api/hosts`);
    const hosts = body.hosts as Array<{ id: string; reasons: string[] }>;
    const reason = (id: string) => hosts.find((h) => h.id === id)!.reasons.find((r) => r.startsWith('CPU'));
    expect(reason('settled')).toBe('CPU 99.9% (5-min average)');
    expect(reason('young')).toMatch(/^CPU 99\.9% \(average of the last 1m 3\ds: samples cover only that much of 5m\)$/);
  });
});
