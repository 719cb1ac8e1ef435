import { describe, expect, it } from 'vitest';
import { decide, liveRecords } from '../../../src/alert/decide.js';
import { evaluateRules } from '../../../src/alert/evaluate-rules.js';
import type { GroupState } from '../../../src/alert/grouping.js';
import type { AlertRecord } from '../../../src/alert/rule-state.js';
import type { CheckState } from '../../../src/checks/check-state.js';
import type { Snapshot } from '../../../src/collect/snapshot.js';
import { ZAlertsConfig } from '../../../src/config/alerts-schema.js';
import type { HostRecord } from '../../../src/fleet/host-repo.js';
import { plainText, title } from '../../../src/deliver/webhooks/message.js';

function snapshot(t: number, mem: number): Snapshot {
  return {
    host: 'h1',
    t,
    cpu: { user: 1, system: 0, iowait: 0, steal: 0, idle: 99, total: 1 },
    load: { l1: 0, l5: 0, l15: 0 },
    mem: { totalBytes: 100, usedBytes: mem, availableBytes: 100 - mem, cachedBytes: 0, usedPct: mem },
    swap: { totalBytes: 0, usedBytes: 0 },
    disks: [],
  };
}

/**
 * Seen in a new-user run: memory crossed 22% for one sample (22.4), the rule fired, groupWait
 * held the message, and by the next evaluation memory was 21.13, between the resolve level (17)
 * and the threshold. The FIRING then read "mem.used_pct = 21.13 (threshold > 22, …)": a value
 * that does not fire, stated as the reason it fired.
 */
describe('a FIRING held by groupWait', () => {
  it('states the reading that crossed the threshold, not a later one between the two levels', async () => {
    const cfg = ZAlertsConfig.parse({
      evaluateEvery: '5s',
      groupWait: '1s',
      rules: [{ name: 'mem-high', type: 'metric', metric: 'mem.used_pct', op: '>', threshold: 22, resolve: 17 }],
      channels: { mail: { type: 'email', to: ['ops@example.test'] } },
    });
    let latest = snapshot(0, 0);
    const inputs = {
      alerts: cfg,
      hosts: { get: async () => ({ id: 'h1', latest, tags: [] }) as unknown as HostRecord },
      store: { range: async () => [] },
      checks: { states: async () => new Map<string, CheckState>(), segments: async () => [] },
      alertStore: { cachedForecast: async () => null, cacheForecast: async () => undefined },
    };
    let records = new Map<string, AlertRecord>();
    let groups = new Map<string, GroupState>();
    const evaluate = async (now: number, mem: number) => {
      latest = snapshot(now, mem);
      const stepped = await evaluateRules({ inputs, hosts: ['h1'], records: liveRecords(records), now });
      const out = decide({ records, stepped, groups, muted: () => null, cfg, now });
      records = out.next;
      groups = new Map(out.groups.map((g) => [g.host, g]));
      return out.notifications;
    };

    const t0 = 1_000_000;
    expect(await evaluate(t0, 22.4)).toEqual([]); // fired, held by groupWait
    const [n] = await evaluate(t0 + 5_000, 21.13); // still firing (hysteresis): the FIRING goes out now
    expect(n?.kind).toBe('firing');
    const fired = n!.firing[0]!;
    expect(fired.value).toBe(22.4);
    expect(fired.message).toBe('mem.used_pct = 22.4 (threshold > 22, resolves past 17)');
    expect(fired.firedAt).toBe(t0);
    const m = { id: n!.id, host: n!.host, kind: n!.kind, t: n!.t, firing: n!.firing, resolved: n!.resolved, active: n!.active };
    expect(plainText(m)).toContain('FIRING [warning] mem-high: mem.used_pct = 22.4 (threshold > 22');
    expect(plainText(m)).not.toContain('21.13');
    expect(title(m)).toBe('[FIRING] h1: mem-high (warning)');
    // What still fires is the current reading.
    expect(records.get(fired.key)?.instance.value).toBe(21.13);
  });
});
