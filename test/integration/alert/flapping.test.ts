import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckStateReader } from '../../../src/checks/state-reader.js';
import { sleep, startStack, type Stack } from './helpers/stack.js';
import { startTarget } from '../../utils/target-server.js';
import { startReceiver, type Receiver } from '../../utils/webhook-receiver.js';

// A minute of "up 5 s, down 5 s" compressed 5×: checks every 200 ms, the target flips every 1 s
// for 12 s. The ratios that matter (flap period vs. check interval, `for` and window) are kept.
describe('a flapping target', () => {
  let stack: Stack;
  let hook: Receiver;
  let target: Awaited<ReturnType<typeof startTarget>>;

  beforeAll(async () => {
    [hook, target] = await Promise.all([startReceiver(), startTarget()]);
    stack = await startStack({
      host: 'web-2',
      checks: [{ name: 'web', kind: 'http', url: target.url, interval: '200ms', timeout: '500ms' }],
      alerts: {
        evaluateEvery: '200ms',
        groupWait: 0,
        repeatInterval: '1h',
        rules: [
          // Down for 3 s straight: a 1 s outage never qualifies.
          { name: 'web-down', type: 'check', check: 'web', for: '3s' },
          // Failing ≥ 30% of the last 4 s fires; only ≤ 5% resolves (hysteresis).
          { name: 'web-flapping', type: 'check', check: 'web', window: '4s', threshold: 30, resolve: 5 },
        ],
        channels: { hook: { type: 'webhook', url: `${hook.url}/hook`, backoff: '100ms' } },
      },
      roles: ['checks', 'alerts', 'deliver'],
    });
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all([hook?.close(), target?.down()]);
  });

  it('produces at most two notifications: one firing, one resolved', async () => {
    const checks = createCheckStateReader({ store: stack.deps.checkStore });
    await expect.poll(async () => (await checks.latest('web-2'))[0]?.status, { timeout: 5_000, interval: 100 }).toBe('ok');
    await sleep(1_000);
    const flapStart = Date.now();
    for (let i = 0; i < 12; i++) {
      await (i % 2 === 0 ? target.down() : target.up());
      await sleep(1_000);
    }
    await target.up();
    // Long enough for the 4 s window to clear and the resolution to go out.
    await expect.poll(() => hook.at('/hook').length, { timeout: 10_000, interval: 200 }).toBe(2);
    await sleep(1_000);

    // The target really flapped: six outages were seen by the check.
    const transitions = await checks.transitions({ host: 'web-2', check: 'web', from: flapStart, to: Date.now() });
    expect(transitions.filter((t) => t.to === 'fail').length).toBeGreaterThanOrEqual(5);

    const sent = hook.at('/hook').map((r) => r.body as { kind: string; firing: Array<{ rule: string }>; resolved: Array<{ rule: string }> });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ kind: 'firing', firing: [{ rule: 'web-flapping' }] });
    expect(sent[1]).toMatchObject({ kind: 'resolved', resolved: [{ rule: 'web-flapping' }] });
    expect(sent.flatMap((s) => [...s.firing, ...s.resolved]).some((a) => a.rule === 'web-down')).toBe(false);
  });
});
