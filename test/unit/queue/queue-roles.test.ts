import { describe, expect, it } from 'vitest';
import { JOB_CONTRACTS } from '../../../src/queue/contracts/index.js';
import { QueueKind } from '../../../src/queue/queue-names.js';
import { assertEveryQueueConsumed, QUEUE_ROLES, queueRole } from '../../../src/queue/queue-roles.js';
import { consoleQueueNames } from '../../../src/web/queues.js';

describe('the queue roles table', () => {
  it('gives every queue exactly one consumer role, including every queue a contract sends to', () => {
    expect(() => assertEveryQueueConsumed()).not.toThrow();
    for (const c of JOB_CONTRACTS) expect(queueRole(c.queue).kind).toBe(c.queue);
  });

  it('fails loudly on a queue with no consumer or two', () => {
    const withoutAlerts = QUEUE_ROLES.filter((r) => r.kind !== QueueKind.Alerts);
    expect(() => assertEveryQueueConsumed(Object.values(QueueKind), withoutAlerts)).toThrow('queue alerts has 0 consumer roles');
    expect(() => assertEveryQueueConsumed([QueueKind.Report], [...QUEUE_ROLES, QUEUE_ROLES[0]!])).toThrow('queue report has 2 consumer roles');
  });

  it('drives the console list: shared queues including alerts, and collect and checks queues per host', () => {
    const names = consoleQueueNames(['web-1', 'bad id!']);
    expect(names).toEqual(expect.arrayContaining(['report', 'deliver', 'maintenance', 'alerts', 'collect-web-1', 'checks-web-1']));
    expect(names).toHaveLength(6);
  });
});
