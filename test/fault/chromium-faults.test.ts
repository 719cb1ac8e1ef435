import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { QueueKind, queueName } from '../../src/queue/queue-names.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { alive, chromiumChildren, groupAlive } from '../utils/spawn-worker.js';
import { fleetStack, type FleetStack } from '../utils/fleet-stack.js';
import { figure } from '../utils/figure.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// #12 item 6 and the Chromium faults: a browser that crashes or hangs mid-render is replaced and
// the report still goes out once; a browser its worker left behind is ended by the next worker.
// #11 item 17b: a missing Chromium fails at once, with the fix in the message.
describe('Chromium faults', () => {
  let sink: SmtpSink;
  let stack: FleetStack | undefined;
  const stopped: number[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    // A browser this test stopped must not outlive it, whatever happened.
    for (const pid of stopped.splice(0)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await stack?.close();
    stack = undefined;
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await sink.close();
  });

  const deliveredOnce = async (s: FleetStack, reportId: string) => {
    const final = await waitForReport({ reports: s.rt.deps.reports, id: reportId, timeoutMs: 120_000 });
    expect(final.status, final.error ?? '').toBe('delivered');
    await sleep(2_000);
    expect(sink.messages).toHaveLength(1);
    const archived = await s.archiveEntries(reportId);
    expect(archived).toBe(1);
    figure('chromium fault mid-render', { report: reportId, emails: sink.messages.length, archiveEntries: archived });
  };

  /** Holds the worker while its Chromium prints, and hands back that Chromium's pid. */
  const holdWhilePrinting = async (raw?: Record<string, unknown>) => {
    stack = await fleetStack({ smtpUrl: sink.url, raw });
    const worker = await stack.worker({ holdAt: 'render:printing' });
    const request = await stack.enqueueWeekly();
    await worker.waitFor('held render:printing', 120_000);
    const [browser] = chromiumChildren(worker.pid);
    expect(browser).toBeGreaterThan(0);
    expect(stack.browserPids()).toEqual([browser]);
    return { s: stack, worker, request, browser: browser! };
  };

  it('Chromium SIGKILLed mid-render: the render fails, a new browser renders it, it is delivered once', async () => {
    const { s, worker, request, browser } = await holdWhilePrinting();
    process.kill(-browser, 'SIGKILL');
    worker.resume();
    await deliveredOnce(s, request.id);
    const events = await s.rt.deps.reports.events(request.id);
    expect(
      events
        .filter((e) => e.stage === 'failed')
        .map((e) => e.detail)
        .join('\n'),
    ).toMatch(/render attempt 1: PDF render failed/);
    const now = chromiumChildren(worker.pid);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(browser);
  });

  it('Chromium hung (SIGSTOP) mid-render: the render times out, the browser is killed and replaced, it is delivered once', async () => {
    const { s, worker, request, browser } = await holdWhilePrinting({ render: { timeout: '10s', protocolTimeout: '10s' } });
    process.kill(-browser, 'SIGSTOP');
    stopped.push(browser);
    worker.resume();
    await deliveredOnce(s, request.id);
    const events = await s.rt.deps.reports.events(request.id);
    expect(
      events
        .filter((e) => e.stage === 'failed')
        .map((e) => e.detail)
        .join('\n'),
    ).toMatch(/render attempt 1: PDF render took longer than 10000 ms/);
    // The stopped browser was killed, not left behind.
    expect(groupAlive(browser)).toBe(false);
    expect(chromiumChildren(worker.pid).filter((p) => p !== browser)).toHaveLength(1);
  });

  it('a worker killed with its browser hung: the browser lives on, and the next worker ends it and delivers the report', async () => {
    stack = await fleetStack({ smtpUrl: sink.url });
    const victim = await stack.worker({ pauseAt: 'render:printing' });
    const request = await stack.enqueueWeekly();
    await victim.waitFor('paused render:printing', 120_000);
    const [browser] = chromiumChildren(victim.pid);
    expect(browser).toBeGreaterThan(0);
    // Stopped, it cannot notice its pipe close when the worker dies.
    process.kill(-browser!, 'SIGSTOP');
    stopped.push(browser!);
    await victim.killGroup('SIGKILL');
    await sleep(1_000);
    expect(alive(browser!)).toBe(true);
    expect(stack.browserPids()).toEqual([browser]);

    await stack.worker();
    await expect.poll(() => groupAlive(browser!), { timeout: 20_000, interval: 250 }).toBe(false);
    await deliveredOnce(stack, request.id);
    expect(stack.browserPids()).not.toContain(browser);
  });

  it('a missing Chromium fails the report at once, without retries, saying how to fix it', async () => {
    stack = await fleetStack({ smtpUrl: sink.url, hosts: 1, days: 1, raw: { render: { executablePath: '/opt/nowhere/chromium' } } });
    await stack.worker();
    const request = await stack.enqueueWeekly();
    const final = await waitForReport({ reports: stack.rt.deps.reports, id: request.id, timeoutMs: 60_000 });
    expect(final.status).toBe('failed');
    expect(final.error).toContain('render attempt 1');
    expect(final.error).toContain('"/opt/nowhere/chromium" does not exist');
    expect(final.error).toContain('apt-get install chromium');
    expect(final.error).toContain('PUPPETEER_EXECUTABLE_PATH');
    const job = (await stack.rt.queues.get(queueName(QueueKind.Report)).getJobs(['failed']))[0];
    expect(job?.attemptsMade).toBe(1);
    expect((await stack.rt.deps.reports.events(request.id)).filter((e) => e.stage === 'failed')).toHaveLength(1);
    expect(existsSync('/opt/nowhere/chromium')).toBe(false);
  });
});
