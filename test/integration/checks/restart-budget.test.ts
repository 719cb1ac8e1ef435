import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { sleep, startStack, type Stack } from '../alert/helpers/stack.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';
import { killPids, pidsWith } from './proc-util.js';

const LAUNCH = resolve('test/fixtures/checks/launch.mjs');
type Hook = { kind: string; firing: Array<{ rule: string; labels: Record<string, string>; message: string }>; resolved: Array<{ rule: string }> };

// A real process, killed for real, restarted by the restart command from the agent's config.
describe('restart with a budget', () => {
  const marker = `checkup-test-svc-${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'checkup-restart-'));
  const crashFlag = join(dir, 'crash-on-start');
  let stack: Stack;
  let hook: Receiver;

  beforeAll(async () => {
    hook = await startReceiver();
    stack = await startStack({
      host: 'app-1',
      checks: [
        {
          name: 'svc',
          kind: 'process',
          regex: marker,
          fullCommand: true,
          interval: '200ms',
          timeout: '1s',
          restart: {
            command: [process.execPath, LAUNCH, marker, crashFlag],
            timeout: '5s',
            grace: '1s',
            budget: { max: 3, window: '8s' },
            backoff: { initial: '300ms', max: '1s' },
          },
        },
      ],
      alerts: { evaluateEvery: '200ms', groupWait: 0, channels: { hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } } },
      roles: ['checks', 'alerts', 'deliver'],
    });
  });

  afterAll(async () => {
    await stack?.close();
    await hook?.close();
    killPids(pidsWith(marker));
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a killed service, stops at the budget with an alert, and resumes after the window', async () => {
    const reader = createCheckStateReader({ store: stack.deps.checkStore });
    const restarts = () => reader.restarts({ host: 'app-1', from: 0, to: Date.now() + 1_000 });
    expect(spawnSync(process.execPath, [LAUNCH, marker, crashFlag]).status).toBe(0);
    await expect.poll(async () => (await reader.latest('app-1'))[0]?.status, { timeout: 5_000, interval: 100 }).toBe('ok');

    // 1. Killed: restarted by the command, and recovered.
    const [first] = pidsWith(marker);
    killPids([first!]);
    await expect.poll(async () => (await restarts())[0]?.recovered, { timeout: 5_000, interval: 100 }).toBe(true);
    expect(pidsWith(marker).filter((p) => p !== first)).toHaveLength(1);

    // 2. Now it crashes on start: two more restarts, then the budget (3 per 8 s) stops the loop.
    writeFileSync(crashFlag, '');
    killPids(pidsWith(marker));
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 100 }).toBe(1);
    const alert = hook.at('/hook')[0]!.body as Hook;
    expect(alert.kind).toBe('restart-budget');
    expect(alert.firing[0]).toMatchObject({ rule: 'restart-budget', labels: { check: 'svc' } });
    expect(alert.firing[0]!.message).toContain('restart budget exhausted for check svc');
    expect(await restarts()).toHaveLength(3);
    // The last restart's service reads the crash flag and exits; on a loaded machine a Node start
    // takes seconds, so wait for it to be gone, then make sure nothing restarted it meanwhile.
    await expect.poll(() => pidsWith(marker), { timeout: 10_000, interval: 100 }).toEqual([]);
    await sleep(1_500);
    expect(await restarts()).toHaveLength(3);
    expect(pidsWith(marker)).toEqual([]);

    // 3. Fixed meanwhile: once the first restart leaves the window, restarts resume and it recovers.
    rmSync(crashFlag);
    await expect.poll(async () => (await restarts())[3]?.recovered, { timeout: 10_000, interval: 200 }).toBe(true);
    await expect.poll(() => hook.at('/hook').length, { timeout: 5_000, interval: 100 }).toBe(2);
    expect(hook.at('/hook')[1]!.body).toMatchObject({ kind: 'resolved', resolved: [{ rule: 'restart-budget' }] });

    const all = await restarts();
    expect(all.map((r) => r.recovered)).toEqual([true, false, false, true]);
    expect(all.map((r) => r.budgetLeft)).toEqual([2, 1, 0, 0]);
    for (const r of all) {
      expect(r).toMatchObject({ host: 'app-1', check: 'svc', exitCode: 0 });
      expect(r.command).toContain('launch.mjs');
      expect(r.reason).toContain(`0 processes match /${marker}/i`);
    }
    // Grace (1 s) and backoff (300 ms) between the restarts that did not help; the 4th waited out the window.
    expect(all[2]!.t - all[1]!.t).toBeGreaterThanOrEqual(1_300);
    expect(all[3]!.t - all[0]!.t).toBeGreaterThanOrEqual(8_000);
  });
});
