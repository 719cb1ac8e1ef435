import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { templateId } from '../../../src/logs/mining/template-id.js';
import { createRedisLogRepo } from '../../../src/logs/store/index.js';
import { logBatch, type TestLines } from '../../utils/log-batches.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const redis = new Redis(TEST_REDIS_URL);
const prefix = testPrefix();
afterAll(async () => {
  await cleanupPrefix(prefix);
  redis.disconnect();
});

describe('per-template buckets of the Redis log repository', () => {
  it('give each template the series buckets() gives it alone, from one read', async () => {
    const repo = createRedisLogRepo({ redis, prefix, retention: { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY } });
    const from = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
    const lines: TestLines[] = [];
    for (let h = 0; h < 48; h++) {
      lines.push({ template: 'a <*>', severity: 'err', minute: from + h * HOUR + 7 * 60_000, count: h + 1 });
      if (h % 5 === 0) lines.push({ template: 'b <*>', severity: 'warning', minute: from + h * HOUR, count: 3, source: 'app' });
      lines.push({ template: 'c <*>', severity: 'info', minute: from + h * HOUR, count: 1 });
    }
    await repo.write(logBatch({ host: 'h', since: from, lastRead: Date.now(), lines }));
    const ids = ['a <*>', 'b <*>', 'never logged'].map(templateId);
    for (const range of [
      { host: 'h', from, to: from + 2 * DAY, step: HOUR },
      { host: 'h', from: from + 90 * 60_000, to: from + 30 * HOUR, step: HOUR },
      { host: 'h', from, to: from + 2 * DAY, step: DAY },
    ]) {
      const per = await repo.templateBuckets({ ...range, templateIds: ids });
      expect([...per.keys()].sort()).toEqual(ids.slice(0, 2).sort());
      for (const id of ids.slice(0, 2)) expect(per.get(id)).toEqual(await repo.buckets({ ...range, filter: { templateIds: [id] } }));
    }
    expect((await repo.templateBuckets({ host: 'h', from, to: from + DAY, step: HOUR, templateIds: [] })).size).toBe(0);
  });
});
