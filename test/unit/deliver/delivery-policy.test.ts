import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { DEFAULT_DELIVERY_POLICY, deliveryAttempts, deliveryDelay, isPermanentMailError } from '../../../src/deliver/delivery-policy.js';

const parse = (raw: Record<string, unknown>) => parseConfig({ raw, env: {}, source: 'test', baseDir: '/tmp' });

describe('delivery retry policy', () => {
  it('doubles from backoff, caps at maxBackoff and lands the last wait on the deadline', () => {
    const p = { backoff: 10_000, maxBackoff: 60_000, deadline: 300_000 };
    const waits = [1, 2, 3, 4, 5].map((n) => deliveryDelay(p, { attemptsMade: n, readyAt: 0, now: 0 }));
    expect(waits).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(deliveryDelay(p, { attemptsMade: 9, readyAt: 0, now: 280_000 })).toBe(20_000);
    expect(deliveryDelay(p, { attemptsMade: 9, readyAt: 0, now: 300_000 })).toBe(0);
  });

  it('gives BullMQ enough attempts to reach the deadline, far more than the old five', () => {
    const n = deliveryAttempts(DEFAULT_DELIVERY_POLICY);
    let t = 0;
    for (let a = 1; a < n - 1; a++) t += deliveryDelay(DEFAULT_DELIVERY_POLICY, { attemptsMade: a, readyAt: 0, now: t });
    expect(t).toBeGreaterThanOrEqual(DEFAULT_DELIVERY_POLICY.deadline);
    expect(n).toBeGreaterThan(90);
  });

  it('treats SMTP 5xx as final, 4xx and connection errors as outages', () => {
    expect(isPermanentMailError(Object.assign(new Error('550 no such user'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentMailError(Object.assign(new Error('451 try later'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentMailError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('matches the schema defaults and refuses values out of range, naming path and value', () => {
    expect(parse({}).deliver).toEqual(DEFAULT_DELIVERY_POLICY);
    expect(() => parse({ deliver: { deadline: '1s' } })).toThrow(/deliver\.deadline: duration "1s" is out of range \(10s to 30d\)/);
    expect(() => parse({ deliver: { backoff: '1m', maxBackoff: '10s' } })).toThrow(/deliver\.maxBackoff: maxBackoff 10000 ms is shorter than backoff 60000 ms/);
    expect(() => parse({ render: { leaseTtl: '500ms' } })).toThrow(/render\.leaseTtl: duration "500ms" is out of range \(2s to 10m\)/);
  });
});
