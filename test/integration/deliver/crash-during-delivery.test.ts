import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../src/app/create-deps.js';
import { renderReport } from '../../../src/report/render-report.js';
import { buildReportRequest } from '../../../src/report/request-factory.js';
import { waitForReport } from '../../../src/cli/commands/wait-for-report.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';
import { startSmtpSink } from '../../utils/smtp-sink.js';
import { testConfig } from '../../utils/test-config.js';

function startWorkerProcess(raw: object, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/utils/worker-process.ts'], {
    env: { ...process.env, ...env, CHECKUP_TEST_CONFIG: JSON.stringify(raw) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

// Exactly one message per report and recipient group, even when the worker dies mid-send.
describe('delivery survives a SIGKILL in the middle of sending', () => {
  const prefix = testPrefix();
  const children: ChildProcess[] = [];
  let release: () => void = () => undefined;
  let holding: () => void = () => undefined;
  const held = new Promise<void>((r) => (holding = r));
  let first = true;
  const sinkP = startSmtpSink({
    // The first SMTP transaction stalls after MAIL FROM, with the worker inside its send.
    onRcptTo: async () => {
      if (!first) return;
      first = false;
      holding();
      await new Promise<void>((r) => (release = r));
      throw new Error('connection gone');
    },
  });

  afterAll(async () => {
    release();
    for (const c of children) c.kill('SIGKILL');
    await (await sinkP).close();
    await cleanupPrefix(prefix);
  });

  it('sends exactly one email after a crash and a retry', async () => {
    const sink = await sinkP;
    const config = testConfig({
      prefix,
      raw: { jobs: { lockDuration: '2s', stalledInterval: '1s' }, reports: { daily: { hosts: ['ghost-host'], recipients: { to: ['audit@example.test'] } } } },
      env: { SMTP_URL: sink.url },
    });
    const rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    try {
      const request = buildReportRequest({ config, name: 'daily', trigger: 'adhoc', at: Date.now() });
      await renderReport({ deps: rt.deps, request, progress: async () => undefined });
      await rt.deps.enqueue('send-report', { reportId: request.id }, { jobId: `send-${request.id}` });

      const raw = {
        dataDir: config.paths.data,
        log: { level: 'silent' },
        redis: { url: TEST_REDIS_URL, prefix, embedded: false },
        jobs: { lockDuration: '2s', stalledInterval: '1s' },
      };
      const victim = await startWorkerProcess(raw, { SMTP_URL: sink.url });
      children.push(victim);
      await held;
      const ledger = rt.deps.deliveryLedger;
      const group = (await rt.connection.keys(`${prefix}:delivery:${request.id}:*`))[0]!.split(':').pop()!;
      expect((await ledger.read(request.id, group))?.state).toBe('sending');
      victim.kill('SIGKILL');
      release();

      children.push(await startWorkerProcess(raw, { SMTP_URL: sink.url }));
      const final = await waitForReport({ reports: rt.deps.reports, id: request.id, timeoutMs: 60_000 });
      expect(final.status).toBe('delivered');
      await new Promise((r) => setTimeout(r, 3_000));
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.envelopeTo).toEqual(['audit@example.test']);
      expect((await ledger.read(request.id, group))?.state).toBe('sent');
      // A duplicate enqueue after success sends nothing more.
      await rt.deps.enqueue('send-report', { reportId: request.id });
      await new Promise((r) => setTimeout(r, 2_000));
      expect(sink.messages).toHaveLength(1);
    } finally {
      await rt.close();
    }
  });
});
