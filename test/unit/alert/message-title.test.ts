import { describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../../src/alert/types.js';
import { title, type AlertMessage } from '../../../src/deliver/webhooks/message.js';

const instance = (rule: string, severity: AlertInstance['severity']): AlertInstance => ({
  key: `${rule}/web-1`,
  rule,
  host: 'web-1',
  labels: {},
  severity,
  status: 'firing',
  since: 0,
  firedAt: 0,
  resolvedAt: null,
  value: 1,
  message: rule,
});

/**
 * Seen in a new-user run: "[FIRING] nu-alpha: mem-high (critical)" for a warning rule, because the
 * host's restart-budget alert (critical) still fired. The title names the alerts that changed, so
 * its severity must be theirs.
 */
describe('a notification title', () => {
  const budget = instance('restart-budget', 'critical');
  const mem = instance('mem-high', 'warning');
  const cpu = instance('cpu-high', 'info');

  it('gives the severity of the alert it names, not of another one still firing', () => {
    const m: AlertMessage = { id: 'n1', host: 'web-1', kind: 'firing', t: 0, firing: [mem], resolved: [], active: [mem, budget] };
    expect(title(m)).toBe('[FIRING] web-1: mem-high (warning)');
  });

  it('gives the worst severity among several alerts it counts', () => {
    const m: AlertMessage = { id: 'n2', host: 'web-1', kind: 'firing', t: 0, firing: [mem, cpu], resolved: [], active: [mem, cpu, budget] };
    expect(title(m)).toBe('[FIRING] web-1: 2 alerts (warning)');
  });

  it('a reminder names everything still firing, with the worst of those', () => {
    const m: AlertMessage = { id: 'n3', host: 'web-1', kind: 'repeat', t: 0, firing: [], resolved: [], active: [mem, budget] };
    expect(title(m)).toBe('[STILL FIRING] web-1: 2 alerts (critical)');
  });
});
