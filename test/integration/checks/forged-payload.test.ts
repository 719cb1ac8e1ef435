import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { QueueKind, queueName } from '../../../src/queue/queue-names.js';
import { startWorker } from '../../../src/queue/worker-runner.js';
import { runChecksJob } from '../../../jobs/run-checks.job.js';
import { startStack, type Stack } from '../alert/helpers/stack.js';

// Redis is not trusted to say what runs: whatever a job payload carries, the agent runs only what
// its own config file declares.
describe('a forged run-checks job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkup-forged-'));
  const pwned = join(dir, 'pwned');
  let stack: Stack;
  let worker: Worker;

  beforeAll(async () => {
    // The agent has one harmless check and a restart command of its own; no scheduler runs here.
    stack = await startStack({
      host: 'agent-1',
      checks: [{ name: 'svc', kind: 'tcp', host: '127.0.0.1', port: 1, interval: '1h', restart: { command: ['true'], grace: '1s' } }],
    });
    // A worker without the scheduler: only the jobs added below reach it.
    worker = startWorker({
      queue: queueName(QueueKind.Checks, 'agent-1'),
      jobs: [runChecksJob],
      deps: stack.deps,
      connection: stack.redis,
      prefix: stack.prefix,
      log: stack.deps.log,
    });
  });

  afterAll(async () => {
    await worker?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function outcome(job: Job): Promise<{ state: string; reason: string; attempts: number }> {
    for (let i = 0; i < 100; i++) {
      const state = await job.getState();
      if (state === 'failed' || state === 'completed') {
        const fresh = (await stack.queues.get(queueName(QueueKind.Checks, 'agent-1')).getJob(job.id!))!;
        return { state, reason: fresh.failedReason ?? '', attempts: fresh.attemptsMade };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job never finished');
  }

  it('fails as unrecoverable on any extra field and spawns nothing', async () => {
    const queue = stack.queues.get(queueName(QueueKind.Checks, 'agent-1'));
    const forged = [
      { host: 'agent-1', command: ['touch', pwned] },
      { host: 'agent-1', check: 'svc', restart: { command: ['touch', pwned], shell: true } },
      { host: 'agent-1', checks: [{ name: 'x', kind: 'command', command: `touch ${pwned}`, shell: true }] },
    ];
    for (const data of forged) {
      // Added straight to Redis, past the app's enqueue validation, with retries allowed.
      const out = await outcome(await queue.add('run-checks', data, { attempts: 5 }));
      expect(out.state).toBe('failed');
      expect(out.reason).toMatch(/^invalid payload: .*Unrecognized key/s);
      expect(out.attempts).toBe(1);
    }
    const elsewhere = await outcome(await queue.add('run-checks', { host: 'other-host' }, { attempts: 5 }));
    expect(elsewhere).toMatchObject({ state: 'failed', reason: 'run-checks for other-host reached the agent of agent-1', attempts: 1 });
    expect(existsSync(pwned)).toBe(false);
    // Nothing ran at all: no check state and no restart record.
    const reader = createCheckStateReader({ store: stack.deps.checkStore });
    expect(await reader.latest('agent-1')).toEqual([]);
    expect(await reader.restarts({ host: 'agent-1', from: 0, to: Date.now() })).toEqual([]);
  });

  it('runs only the configured check for a valid payload', async () => {
    const queue = stack.queues.get(queueName(QueueKind.Checks, 'agent-1'));
    const out = await outcome(await queue.add('run-checks', { host: 'agent-1' }));
    expect(out.state).toBe('completed');
    const reader = createCheckStateReader({ store: stack.deps.checkStore });
    expect((await reader.latest('agent-1')).map((r) => [r.check, r.status])).toEqual([['svc', 'fail']]);
    // Its restart ran the configured `true`, never anything from Redis.
    expect((await reader.restarts({ host: 'agent-1', from: 0, to: Date.now() })).map((r) => [r.command, r.exitCode])).toEqual([['true', 0]]);
    expect(existsSync(pwned)).toBe(false);
  });
});
