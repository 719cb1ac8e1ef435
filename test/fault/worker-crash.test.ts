import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { startReceiver } from '../utils/webhook-receiver.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { chromiumChildren, groupAlive } from '../utils/spawn-worker.js';
import { fleetStack, type FleetStack } from '../utils/fleet-stack.js';
import { figure } from '../utils/figure.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// #12 item 1: a worker SIGKILLed (its whole process group, as `kill -9 -PGID`) at any point of a
// report's way must not lose it: the next worker takes the report over and it is archived once and
// mailed once. Each case stops the first worker at a named checkpoint, kills it there, and starts
// a second worker.
describe('a worker killed mid-report: the report is still archived once and mailed once', () => {
  let sink: SmtpSink;
  let stack: FleetStack | undefined;
  let stallFirstRcpt = false;
  let release: () => void = () => undefined;
  let stalled: () => void = () => undefined;

  beforeAll(async () => {
    sink = await startSmtpSink({
      onRcptTo: async () => {
        if (!stallFirstRcpt) return;
        stallFirstRcpt = false;
        stalled();
        // The worker is killed while its SMTP transaction hangs here; then the session dies.
        await new Promise<void>((r) => (release = r));
        throw new Error('connection gone');
      },
    });
  });
  afterEach(async () => {
    release();
    await stack?.close();
    stack = undefined;
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await sink.close();
  });

  const expectOneOfEach = async (s: FleetStack, reportId: string) => {
    const final = await waitForReport({ reports: s.rt.deps.reports, id: reportId, timeoutMs: 120_000 });
    expect(final.status, final.error ?? '').toBe('delivered');
    // A late duplicate would show up within a couple of seconds of the first.
    await sleep(2_000);
    expect(sink.messages).toHaveLength(1);
    expect(await s.archiveEntries(reportId)).toBe(1);
    const verified = await s.rt.deps.archive.verify();
    expect(verified.problems).toEqual([]);
    figure('worker SIGKILL mid-report', {
      report: reportId,
      emails: sink.messages.length,
      archiveEntries: await s.archiveEntries(reportId),
      archiveProblems: verified.problems.length,
    });
  };

  const killAt = async (point: 'render:collecting' | 'render:printing' | 'archive:before-manifest') => {
    // Nine hosts for mid-collect: the model is built eight hosts at a time, so the kill lands with one to go.
    stack = await fleetStack({ smtpUrl: sink.url, ...(point === 'render:collecting' ? { hosts: 9, days: 3 } : {}) });
    const victim = await stack.worker({ pauseAt: point });
    const request = await stack.enqueueWeekly();
    await victim.waitFor(`paused ${point}`, 120_000);
    const browsers = chromiumChildren(victim.pid);
    if (point !== 'render:collecting') expect(browsers.length).toBe(1);
    await victim.killGroup('SIGKILL');
    await stack.worker();
    await expectOneOfEach(stack, request.id);
    // #12 item 6: the dead worker's Chromium did not live on.
    for (const b of browsers) await expect.poll(() => groupAlive(b), { timeout: 20_000, interval: 250 }).toBe(false);
  };

  it('mid-collect (building the model, render lease held)', async () => {
    await killAt('render:collecting');
  });

  it('mid-render (Chromium printing)', async () => {
    await killAt('render:printing');
  });

  it('mid-archive (files written, manifest line not yet)', async () => {
    await killAt('archive:before-manifest');
  });

  it('killed twice on the same report: it is failed with the reason and the report-failed alert goes out, not left "rendering"', async () => {
    const rx = await startReceiver();
    try {
      stack = await fleetStack({ smtpUrl: sink.url, raw: { alerts: { channels: { hook: { type: 'webhook', url: `${rx.url}/hook`, backoff: '100ms' } } } } });
      const request = await stack.enqueueWeekly();
      for (let i = 0; i < 2; i++) {
        const victim = await stack.worker({ pauseAt: 'render:collecting' });
        await victim.waitFor('paused render:collecting', 120_000);
        await victim.killGroup('SIGKILL');
      }
      await stack.worker();
      const final = await waitForReport({ reports: stack.rt.deps.reports, id: request.id, timeoutMs: 120_000 });
      expect(final.status).toBe('failed');
      expect(final.error).toContain('render abandoned: its worker died (or stalled) twice');
      await expect.poll(() => rx.at('/hook').length, { timeout: 20_000, interval: 200 }).toBe(1);
      expect((rx.at('/hook')[0]!.body as { title: string }).title).toBe(`[REPORT FAILED] ${request.id}`);
      expect(await stack.archiveEntries(request.id)).toBe(0);
      expect(sink.messages).toHaveLength(0);
    } finally {
      await rx.close();
    }
  });

  it('mid-send (inside the SMTP transaction)', async () => {
    stack = await fleetStack({ smtpUrl: sink.url });
    stallFirstRcpt = true;
    const inSmtp = new Promise<void>((r) => (stalled = r));
    const victim = await stack.worker();
    const request = await stack.enqueueWeekly();
    await inSmtp;
    const browsers = chromiumChildren(victim.pid);
    expect(browsers.length).toBe(1);
    await victim.killGroup('SIGKILL');
    release();
    await stack.worker();
    await expectOneOfEach(stack, request.id);
    for (const b of browsers) await expect.poll(() => groupAlive(b), { timeout: 20_000, interval: 250 }).toBe(false);
  });
});
