import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../../src/alert/evaluate-rules.js';
import type { AlertRecord } from '../../../src/alert/rule-state.js';
import { initialState, type CheckState } from '../../../src/checks/check-state.js';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';
import type { HostRecord } from '../../../src/fleet/host-repo.js';

const T = 1_000_000_000;

function inputs(states: Map<string, CheckState>) {
  return {
    alerts: ZAlertsConfig.parse({}),
    hosts: { get: async (h: string) => ({ id: h, latest: null, tags: [] }) as unknown as HostRecord },
    store: { range: async () => [] },
    checks: { states: async () => states, segments: async () => [] },
    alertStore: { cachedForecast: async () => null, cacheForecast: async () => undefined },
  };
}

describe('the built-in restart budget alert', () => {
  const exhausted: CheckState = {
    ...initialState('svc', 30_000),
    status: 'fail',
    lastRunAt: T,
    restart: { lastAt: T - 60_000, graceUntil: T - 50_000, streak: 3, pending: null, exhaustedAt: T - 1_000, resumeAt: T + 3_600_000 },
  };
  const firing: AlertRecord = {
    instance: {
      key: 'restart-budget/app-1/check=svc',
      rule: 'restart-budget',
      host: 'app-1',
      labels: { check: 'svc' },
      severity: 'critical',
      status: 'firing',
      since: T - 1_000,
      firedAt: T - 1_000,
      resolvedAt: null,
      value: 1,
      message: 'restart budget exhausted for check svc',
    },
    lastDataAt: T,
  };

  it('fires while a check wants a restart its budget does not allow', async () => {
    const out = await evaluateRules({ inputs: inputs(new Map([['svc', exhausted]])), hosts: ['app-1'], records: new Map(), now: T });
    expect(out.map((s) => [s.key, s.change])).toEqual([['restart-budget/app-1/check=svc', 'fired']]);
  });

  it('keeps firing, not resolving, while the check state is missing for a while (Redis lost it, the agent has not written it again yet)', async () => {
    const records = new Map([[firing.instance.key, firing]]);
    for (const later of [15_000, 60_000, 5 * 60_000]) {
      const out = await evaluateRules({ inputs: inputs(new Map()), hosts: [], records, now: T + later });
      expect(
        out.map((s) => [s.record?.instance.status, s.change]),
        `${later} ms`,
      ).toEqual([['firing', null]]);
    }
    // Gone for good (no state for ten minutes): it resolves, saying why.
    const out = await evaluateRules({ inputs: inputs(new Map()), hosts: [], records, now: T + 11 * 60_000 });
    expect(out[0]).toMatchObject({ change: 'resolved', record: { instance: { status: 'resolved', message: expect.stringMatching(/^no data for 11m/) } } });
  });

  it('resolves, saying why, when the check stops running (its agent stopped), instead of stating "still fail" for ever', async () => {
    // Seen in a new-user run: an agent stopped at 23:45, and at 23:53 its budget alert still fired.
    const records = new Map([[firing.instance.key, firing]]);
    const stopped = inputs(new Map([['svc', exhausted]]));
    const soon = await evaluateRules({ inputs: stopped, hosts: ['app-1'], records, now: T + 2 * 60_000 });
    expect(soon.map((s) => [s.record?.instance.status, s.change])).toEqual([['firing', null]]);
    const out = await evaluateRules({ inputs: stopped, hosts: ['app-1'], records, now: T + 11 * 60_000 });
    expect(out[0]).toMatchObject({ change: 'resolved', record: { instance: { status: 'resolved', message: expect.stringMatching(/^no data for 11m/) } } });
  });
});
