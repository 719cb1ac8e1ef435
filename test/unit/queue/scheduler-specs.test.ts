import { describe, expect, it } from 'vitest';
import { JOB_CONTRACTS, type ScheduleInputs } from '../../../src/queue/contracts/index.js';

const inputs: ScheduleInputs = {
  host: 'h1',
  agentIntervalMs: 5_000,
  checksTickMs: 2_000,
  alertsEveryMs: 30_000,
  reports: [
    { name: 'daily', pattern: '0 7 * * *', tz: 'Europe/Berlin' },
    { name: 'weekly', pattern: '0 8 * * 1', tz: 'UTC' },
  ],
};
const scheduled = JOB_CONTRACTS.flatMap((c) => (c.scheduler ? [{ contract: c, spec: c.scheduler }] : []));

describe('scheduler specs', () => {
  it('give the scheduler ids, repeats and payloads the roles have always registered', () => {
    const runs = Object.fromEntries(scheduled.flatMap(({ spec }) => spec.runs(inputs).map((r) => [r.id, { repeat: r.repeat, data: r.data }])));
    expect(runs).toEqual({
      'collect:h1': { repeat: { every: 5_000 }, data: { host: 'h1' } },
      'checks:h1': { repeat: { every: 2_000 }, data: { host: 'h1' } },
      'report:daily': { repeat: { pattern: '0 7 * * *', tz: 'Europe/Berlin' }, data: { scheduled: 'daily' } },
      'report:weekly': { repeat: { pattern: '0 8 * * 1', tz: 'UTC' }, data: { scheduled: 'weekly' } },
      'maintenance:compact': { repeat: { every: 600_000 }, data: {} },
      'maintenance:prune-archive': { repeat: { pattern: '17 3 * * *', tz: 'UTC' }, data: {} },
      'alerts:evaluate': { repeat: { every: 30_000 }, data: {} },
    });
    expect(scheduled.find(({ contract }) => contract.name === 'run-checks')?.spec.runs({ ...inputs, checksTickMs: null })).toEqual([]);
  });

  it('payloads pass their own contract, and every id starts with its prefix', () => {
    for (const { contract, spec } of scheduled) {
      for (const run of spec.runs(inputs)) {
        expect(run.id.startsWith(spec.idPrefix), run.id).toBe(true);
        expect(contract.schema.safeParse(run.data).success, run.id).toBe(true);
      }
    }
  });

  it("no two contracts on one queue claim each other's ids, so removing stale ones never removes a neighbour's", () => {
    for (const a of scheduled)
      for (const b of scheduled) {
        if (a === b || a.contract.queue !== b.contract.queue) continue;
        for (const run of b.spec.runs(inputs)) expect(run.id.startsWith(a.spec.idPrefix), `${a.contract.name} claims ${run.id}`).toBe(false);
      }
  });
});
