import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import type { ReportRequest } from '../../src/report/model/report-request.js';
import { fleetStack, type FleetStack } from '../utils/fleet-stack.js';
import { figure } from '../utils/figure.js';
import { startLocalS3, type LocalS3 } from '../utils/s3rver.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Workers on many machines: each worker its own data dir and host id, sharing one Redis and one
// S3 bucket (s3rver). Every report is rendered once, archived once, mailed once per recipient
// group; the chain stays one chain and verifies; the ledger names the worker that rendered it.
describe('workers with separate data dirs on one Redis and one S3 archive', () => {
  let s3: LocalS3;
  let sink: SmtpSink;
  let stack: FleetStack | undefined;
  const dirs: string[] = [];

  beforeAll(async () => {
    s3 = await startLocalS3({ ports: [7250, 7299] });
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    sink.messages.length = 0;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  afterAll(async () => {
    await sink.close();
    await s3.close();
  });

  const start = async () => {
    // Each test its own key prefix in the bucket, as its own Redis prefix.
    const keyPrefix = `run-${Date.now()}`;
    stack = await fleetStack({
      smtpUrl: sink.url,
      hosts: 3,
      days: 7,
      env: s3.env,
      raw: {
        archive: { s3: { endpoint: s3.endpoint, bucket: s3.bucket, prefix: keyPrefix, forcePathStyle: true, writerLease: '3s' } },
        // Two Chromiums drawing fleet charts on a shared 2-core machine block event loops for
        // seconds: with fleetStack's 5 s job lock BullMQ counted live workers as stalled and
        // abandoned the render. A dead worker's job is still taken over within about 20 s.
        jobs: { lockDuration: '20s', stalledInterval: '2s' },
      },
    });
    return stack;
  };
  const worker = async (s: FleetStack, name: string, o: { pauseAt?: string } = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), `checkup-${name}-`));
    dirs.push(dataDir);
    return s.worker({ ...o, env: { CHECKUP_DATA_DIR: dataDir, CHECKUP_HOST_ID: name } });
  };
  const renderedBy = async (s: FleetStack, id: string) => {
    const events = await s.rt.deps.reports.events(id);
    return events.filter((l) => l.stage === 'rendered').map((l) => /by worker (\S+)/.exec(l.detail ?? '')?.[1]);
  };
  const expectSingleChain = async (s: FleetStack, requests: ReportRequest[]) => {
    const all = await s.rt.deps.archive.list();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (const r of requests) expect(await s.archiveEntries(r.id)).toBe(1);
    const verified = await s.rt.deps.archive.verify();
    expect(verified.problems).toEqual([]);
    return all.length;
  };

  it('two workers, three reports: one render, one entry and one email each, one chain', async () => {
    const s = await start();
    await worker(s, 'worker-a');
    await worker(s, 'worker-b');
    const requests = [await s.enqueueWeekly(), await s.enqueueWeekly(), await s.enqueueWeekly()];
    for (const r of requests) {
      const final = await waitForReport({ reports: s.rt.deps.reports, id: r.id, timeoutMs: 180_000 });
      expect(final.status, final.error ?? '').toBe('delivered');
    }
    await sleep(2_000);
    expect(sink.messages).toHaveLength(requests.length);
    // One message per report: each carries its report's id in its Message-ID.
    for (const r of requests) expect(sink.messages.filter((m) => m.parsed.messageId?.includes(`report-${r.id}-`))).toHaveLength(1);
    const by = await Promise.all(requests.map((r) => renderedBy(s, r.id)));
    for (const b of by) {
      expect(b).toHaveLength(1);
      expect(['worker-a', 'worker-b']).toContain(b[0]);
    }
    const entries = await expectSingleChain(s, requests);
    figure('two workers on S3', { reports: requests.length, emails: sink.messages.length, archiveEntries: entries, renderedBy: by.flat() });
  });

  for (const point of ['archive:before-manifest', 'archive:chain-locked'] as const) {
    it(`a worker SIGKILLed at ${point}: the other one archives and mails the report once, no fork`, async () => {
      const s = await start();
      const victim = await worker(s, 'victim', { pauseAt: point });
      const request = await s.enqueueWeekly();
      await victim.waitFor(`paused ${point}`, 180_000);
      await victim.killGroup('SIGKILL');
      // The PDF is in the bucket already (uploaded before the chain append).
      await worker(s, 'survivor');
      const final = await waitForReport({ reports: s.rt.deps.reports, id: request.id, timeoutMs: 180_000 });
      expect(final.status, final.error ?? '').toBe('delivered');
      await sleep(2_000);
      expect(sink.messages).toHaveLength(1);
      expect(await renderedBy(s, request.id)).toEqual(['survivor']);
      const entries = await expectSingleChain(s, [request]);
      // The chain goes on after the takeover, from either worker's machine.
      const next = await s.enqueueWeekly();
      expect((await waitForReport({ reports: s.rt.deps.reports, id: next.id, timeoutMs: 180_000 })).status).toBe('delivered');
      expect(await expectSingleChain(s, [request, next])).toBe(entries + 1);
      figure('worker SIGKILL on S3', { point, emails: sink.messages.length, archiveEntries: entries + 1 });
    });
  }
});
