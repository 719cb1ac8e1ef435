import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../../src/app/create-deps.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';
import { initialState } from '../../../src/checks/check-state.js';
import { deliverReport } from '../../../src/deliver/deliver-report.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { silentLogger } from '../../../src/shared/logger.js';
import type { Point } from '../../../src/store/types.js';
import { pdfText } from '../../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { testConfig } from '../../utils/test-config.js';

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** What an agent writes for `seconds` of 10-second ticks from `from`: CPU high while it starts up. */
async function agentRan(rt: AppRuntime, host: string, from: number, seconds: number) {
  const points: Point[] = [];
  for (let t = from; t < from + seconds * 1000; t += 10_000) {
    points.push({ metric: 'cpu.total', t, v: t - from < 60_000 ? 90.9 : 12 }, { metric: 'mem.used_pct', t, v: 31 }, { metric: 'load.15', t, v: 0.3 });
  }
  await rt.deps.store.append(host, points);
  const snap = (t: number): Snapshot => ({
    host,
    t,
    load: { l1: 0.3, l5: 0.3, l15: 0.3 },
    mem: { totalBytes: 8e9, usedBytes: 2.5e9, availableBytes: 5.5e9, cachedBytes: 0, usedPct: 31 },
    swap: { totalBytes: 0, usedBytes: 0 },
    disks: [],
  });
  await rt.deps.hosts.recordSnapshot(snap(from));
  await rt.deps.hosts.recordSnapshot(snap(points[points.length - 1]!.t));
}

// Coverage counts from the period's start; a host without enough data gets no score and no findings.
describe('reports on hosts with little data', () => {
  const prefix = testPrefix();
  let rt: AppRuntime;
  const now = Date.now();

  beforeAll(async () => {
    const config = testConfig({
      prefix,
      raw: {
        reports: {
          weekly: { period: 'week', hosts: ['fresh'], recipients: { to: ['ops@example.test'] } },
          daily: { period: 'day', hosts: ['newborn'], locale: 'zh-CN', recipients: { to: ['ops@example.test'] } },
        },
      },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    await agentRan(rt, 'fresh', now - 5 * 60_000, 5 * 60);
    // A check that has not produced a result in the period: its availability is not known.
    await rt.deps.checkStore.write('fresh', [{ state: initialState('cron-probe', 30_000) }], now);
    // The quickstart's first report: two snapshots, both in the agent's first minute.
    await agentRan(rt, 'newborn', now - 25_000, 20);
  });
  afterAll(async () => {
    await rt?.close();
    await cleanupPrefix(prefix);
  });

  const renderAndMail = async (name: string) => {
    const request = buildReportRequest({ config: rt.deps.config, name, trigger: 'adhoc', at: now });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const entry = (await rt.deps.archive.get(archiveId))!;
    await deliverReport({ deps: rt.deps, ledger: rt.deps.deliveryLedger, reportId: request.id, attempt: 1 });
    const outbox = rt.deps.config.paths.outbox;
    const file = readdirSync(outbox).find((f) => f.includes(request.id))!;
    const mail = await simpleParser(readFileSync(join(outbox, file)));
    return {
      pdf: flat(pdfText(rt.deps.archive.filePath(entry, 'pdf')!)),
      mail,
      json: JSON.parse(readFileSync(rt.deps.archive.filePath(entry, 'json')!, 'utf8')) as { model: { summary: { score: number | null } } },
    };
  };

  it('a weekly report on five minutes of data: coverage near 0%, one gap from the period start, no score', async () => {
    const { pdf, mail, json } = await renderAndMail('weekly');
    expect(pdf).not.toContain('Data coverage 100%');
    expect(pdf).toMatch(/Data coverage (?:— )?<?0(?:\.\d)?%/);
    expect(pdf).not.toContain('No gaps');
    expect(pdf).toContain('before monitoring began');
    expect(pdf).toMatch(/Data gaps From To Duration \w{3} \d+, \d{4}, \d\d:\d\d/);
    expect(pdf).toContain('Not enough data to score');
    expect(pdf).not.toMatch(/\d+\/100/);
    expect(pdf).toContain(`at least ${30} samples`);
    // A check without results is neither OK nor failed.
    expect(pdf).toMatch(/cron-probe NO DATA — /);
    expect(pdf).not.toMatch(/cron-probe OK/);
    expect(json.model.summary.score).toBeNull();
    expect(mail.subject).toContain('not enough data to score');
    expect(flat(mail.text ?? '')).toContain('Not enough data to score');
    expect(flat(mail.html || '')).toContain('Not enough data to score');
  });

  it('a first report of two start-up samples, in zh-CN: no score and no CPU average stated', async () => {
    const { pdf, mail, json } = await renderAndMail('daily');
    expect(json.model.summary.score).toBeNull();
    expect(pdf).toContain('数据不足，无法评分');
    expect(pdf).not.toContain('90.9');
    expect(pdf).not.toContain('0/100');
    expect(flat(mail.text ?? '')).toContain('数据不足，无法评分');
    expect(flat(mail.text ?? '')).not.toContain('90.9');
  });
});
