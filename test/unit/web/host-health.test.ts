import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/checks/types.js';
import { summarizeHost } from '../../../src/web/model/host-health.js';

const now = 1_800_000_000_000;
const check = (status: CheckResult['status'], message: string): CheckResult => ({
  host: 'h1',
  check: 'nginx',
  kind: 'systemd',
  status,
  latencyMs: null,
  message,
  t: now - 1_000,
});

describe('host health in the console', () => {
  it('shows an unknown check as worth a look with its reason, not as a failure', () => {
    const record = { id: 'h1', info: null, lastSeen: now - 1_000, firstSeen: now - 86_400_000, tags: [], simulated: false, processes: null, latest: null };
    const h = summarizeHost({ id: 'h1', record, checks: [check('unknown', 'systemd is not running on this host')], alerts: [], now, intervalMs: 30_000 });
    expect(h.status).toBe('warn');
    expect(h.reasons).toEqual([{ status: 'warn', text: 'check nginx: unknown (systemd is not running on this host)' }]);
    const down = summarizeHost({ id: 'h1', record, checks: [check('fail', 'nginx.service is failed')], alerts: [], now, intervalMs: 30_000 });
    expect(down.status).toBe('fail');
  });
});
