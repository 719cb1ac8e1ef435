import { describe, expect, it } from 'vitest';
import { HANDLERS, assertRegistryValid } from '../../../jobs/registry.js';
import { JOB_CONTRACTS, findContract, jobOptions, DEFAULT_JOB_OPTIONS } from '../../../src/queue/contracts/index.js';

describe('job contracts and handlers', () => {
  it('every contract has exactly one handler, bound to the same queue and schema', () => {
    expect(() => assertRegistryValid()).not.toThrow();
    for (const c of JOB_CONTRACTS) {
      const hs = HANDLERS.filter((h) => h.name === c.name);
      expect(hs).toHaveLength(1);
      expect(hs[0]?.queue).toBe(c.queue);
      expect(hs[0]?.schema).toBe(c.schema);
    }
  });

  it('fails loudly on a contract without a handler, a second handler, or a handler without a contract', () => {
    const contracts = [{ name: 'a' }, { name: 'b' }];
    expect(() => assertRegistryValid([{ name: 'a' }], contracts)).toThrow('job "b" has a contract but no handler');
    expect(() => assertRegistryValid([{ name: 'a' }, { name: 'b' }, { name: 'b' }], contracts)).toThrow('job "b" has 2 handlers');
    expect(() => assertRegistryValid([{ name: 'a' }, { name: 'b' }, { name: 'c' }], contracts)).toThrow('handler "c" has no contract');
  });

  it('merges options in one order: defaults, the contract, the caller', () => {
    const c = findContract('compact-store');
    expect(c).toBeDefined();
    const o = jobOptions(c!, { jobId: 'x' });
    expect(o).toMatchObject({ backoff: DEFAULT_JOB_OPTIONS.backoff, attempts: 2, removeOnComplete: { count: 20 }, jobId: 'x' });
  });
});
