import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportRequest } from '../../../src/report/model/report-request.js';
import { createReportRepo, reportKeys, type ReportRepo } from '../../../src/report/report-repo.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

const request = (id: string): ReportRequest => ({
  id,
  name: 'weekly',
  title: '',
  template: 'host',
  hosts: 'all',
  from: 0,
  to: 86_400_000,
  periodKind: 'week',
  timezone: 'UTC',
  locale: 'en',
  formats: ['pdf'],
  recipients: { to: ['ops@example.test'], cc: [], bcc: [] },
  trigger: 'schedule',
});

// Failures are injected with real Redis errors: a key of the wrong type makes the command that
// writes it fail with WRONGTYPE, at the step under test and at no other.
describe('report create: a record is complete or absent, and its index is repaired by a retry', () => {
  let redis: Redis;
  let prefix: string;
  let repo: ReportRepo;
  beforeEach(() => {
    redis = new Redis(TEST_REDIS_URL);
    prefix = testPrefix();
    repo = createReportRepo({ redis, prefix });
  });
  afterEach(async () => {
    await cleanupPrefix(prefix);
    redis.disconnect();
  });

  it('a failure writing the record leaves nothing of it', async () => {
    const k = reportKeys(prefix);
    await redis.set(k.ledger('r1'), 'not a list');
    await expect(repo.create(request('r1'))).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.exists(k.record('r1'))).toBe(0);
    expect(await repo.get('r1')).toBeNull();
    expect(await redis.zscore(k.index, 'r1')).toBeNull();

    await redis.del(k.ledger('r1'));
    const made = await repo.create(request('r1'));
    expect(await repo.get('r1')).toEqual(made);
    expect((await repo.events('r1')).map((e) => e.stage)).toEqual(['generated']);
    expect((await repo.list()).map((r) => r.id)).toEqual(['r1']);
  });

  it('a failure indexing the record leaves it complete, and a retried create indexes it once', async () => {
    const k = reportKeys(prefix);
    await redis.set(k.index, 'not a sorted set');
    await expect(repo.create(request('r1'))).rejects.toThrow(/WRONGTYPE/);
    const written = await repo.get('r1');
    expect(written).toMatchObject({ id: 'r1', status: 'queued', progress: 0, files: {}, messageIds: [], error: null, request: request('r1') });

    await redis.del(k.index);
    expect(await repo.list()).toEqual([]);
    await repo.update('r1', { status: 'rendering' });
    const again = await repo.create(request('r1'));
    expect(again).toMatchObject({ status: 'rendering', createdAt: written?.createdAt });
    expect(Number(await redis.zscore(k.index, 'r1'))).toBe(written?.createdAt);
    expect((await repo.list()).map((r) => r.id)).toEqual(['r1']);
    // The retry neither rewrote the record nor logged a second creation.
    expect((await repo.events('r1')).map((e) => e.stage)).toEqual(['generated']);
  });

  it("keeps every key of one report in the report's hash tag", () => {
    const k = reportKeys(prefix);
    for (const key of [k.record('a:b'), k.ledger('a:b'), repo.leaseKey('a:b')]) expect(key).toContain('{r:a:b}');
  });
});
