import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { templateId, OTHER_ID } from '../../../src/logs/mining/template-id.js';
import { createRedisLogRepo, MAX_EXAMPLES, type LogBatch, type LogCount, type LogRepo } from '../../../src/logs/store/index.js';
import { KEEP_BATCH_IDS } from '../../../src/logs/store/write-args.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../../utils/redis.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const RETENTION = { rawMs: 2 * DAY, minuteMs: 35 * DAY, hourMs: 400 * DAY };
// Real time: Redis expires keys on its own clock, so the repository's clock must be near it.
const T0 = Math.floor(Date.now() / DAY) * DAY - DAY;

const redis = new Redis(TEST_REDIS_URL);
const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await cleanupPrefix(p);
  redis.disconnect();
});

function makeRepo(opts: { maxTemplatesPerHour?: number } = {}): { repo: LogRepo; prefix: string } {
  const prefix = testPrefix();
  prefixes.push(prefix);
  return { repo: createRedisLogRepo({ redis, prefix, retention: RETENTION, ...opts }), prefix };
}

const FAILED = 'Failed password for <*> from <*> port <*> ssh2';
const ACCEPTED = 'Accepted publickey for <*> from <*> port <*> ssh2';
const DISK = 'EXT4-fs error (device <*>): <*>';

let seq = 0;
function batch(counts: Array<Partial<LogCount> & { template: string; count: number }>, extra: Partial<LogBatch> = {}): LogBatch {
  const templates = [...new Set(counts.map((c) => c.template))].map((t) => ({ id: templateId(t), template: t, examples: [`example of ${t}`] }));
  return {
    host: 'web-1',
    source: 'auth',
    batchId: `b-${++seq}`,
    counts: counts.map(({ template, ...c }) => ({ templateId: templateId(template), severity: 'info', source: 'auth', minute: T0, ...c })),
    templates,
    status: { source: 'auth', since: T0, lastRead: T0 + HOUR, problem: null },
    ...extra,
  };
}

describe('Redis log repository', () => {
  it('counts a replayed batch once', async () => {
    const { repo } = makeRepo();
    const b = batch([{ template: FAILED, count: 7, severity: 'notice' }]);
    await repo.write(b);
    await repo.write(b);
    await repo.write({ ...b, batchId: 'other-id' });
    const [t] = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR });
    expect(t).toMatchObject({ id: templateId(FAILED), template: FAILED, count: 14, severity: 'notice', sources: ['auth'] });
  });

  it("counts a source's last counting batch once however many writes came since", async () => {
    const { repo } = makeRepo();
    const b = batch([{ template: FAILED, count: 3 }]);
    await repo.write(b);
    for (let i = 0; i < KEEP_BATCH_IDS + 5; i++) await repo.write(batch([]));
    await repo.write(b);
    const [t] = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR });
    expect(t?.count).toBe(3);
  });

  it('buckets by minute and by hour, per severity, with gaps absent', async () => {
    const { repo } = makeRepo();
    await repo.write(
      batch([
        { template: FAILED, count: 3, severity: 'warning', minute: T0 + 5 * MIN + 17_000 },
        { template: DISK, count: 2, severity: 'err', minute: T0 + 5 * MIN },
        { template: ACCEPTED, count: 4, minute: T0 + 2 * HOUR + 59 * MIN },
      ]),
    );
    const minutes = await repo.buckets({ host: 'web-1', from: T0, to: T0 + 3 * HOUR, step: MIN });
    expect(minutes).toEqual([
      { t: T0 + 5 * MIN, total: 5, bySeverity: { warning: 3, err: 2 } },
      { t: T0 + 2 * HOUR + 59 * MIN, total: 4, bySeverity: { info: 4 } },
    ]);
    const hours = await repo.buckets({ host: 'web-1', from: T0, to: T0 + DAY, step: HOUR });
    expect(hours.map((b) => [b.t, b.total])).toEqual([
      [T0, 5],
      [T0 + 2 * HOUR, 4],
    ]);
    const day = await repo.buckets({ host: 'web-1', from: T0, to: T0 + DAY, step: DAY, filter: { minSeverity: 'warning' } });
    expect(day).toEqual([{ t: T0, total: 5, bySeverity: { warning: 3, err: 2 } }]);
    expect(await repo.buckets({ host: 'web-1', from: T0 + 6 * MIN, to: T0 + HOUR, step: MIN })).toEqual([]);
  });

  it('orders templates by count, keeps the most severe severity, and filters by template, severity and source', async () => {
    const { repo } = makeRepo();
    await repo.write(
      batch([
        { template: FAILED, count: 10, severity: 'info' },
        { template: FAILED, count: 1, severity: 'unknown' },
        { template: FAILED, count: 2, severity: 'err', source: 'syslog' },
        { template: ACCEPTED, count: 20, severity: 'unknown' },
        { template: DISK, count: 5, severity: 'crit', source: 'kern' },
      ]),
    );
    const all = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR });
    expect(all.map((t) => [t.template, t.count, t.severity])).toEqual([
      [ACCEPTED, 20, 'unknown'],
      [FAILED, 13, 'err'],
      [DISK, 5, 'crit'],
    ]);
    expect(all[1]).toMatchObject({ bySeverity: { info: 10, unknown: 1, err: 2 }, sources: ['auth', 'syslog'] });
    expect((await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR, limit: 1 })).map((t) => t.template)).toEqual([ACCEPTED]);
    const errs = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR, filter: { minSeverity: 'err' } });
    expect(errs.map((t) => [t.template, t.count])).toEqual([
      [DISK, 5],
      [FAILED, 2],
    ]);
    const kern = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR, filter: { sources: ['kern', 'syslog'] } });
    expect(kern.map((t) => [t.template, t.count])).toEqual([
      [DISK, 5],
      [FAILED, 2],
    ]);
    const one = await repo.templates({ host: 'web-1', from: T0, to: T0 + HOUR, filter: { templateIds: [templateId(DISK)] } });
    expect(one.map((t) => t.template)).toEqual([DISK]);
    expect(await repo.templates({ host: 'web-2', from: T0, to: T0 + HOUR })).toEqual([]);
  });

  it('reads unaligned ranges from the minute tier', async () => {
    const { repo } = makeRepo();
    await repo.write(
      batch([
        { template: FAILED, count: 1, minute: T0 + 10 * MIN },
        { template: FAILED, count: 2, minute: T0 + 40 * MIN },
      ]),
    );
    const [t] = await repo.templates({ host: 'web-1', from: T0 + 30 * MIN, to: T0 + 90 * MIN });
    expect(t?.count).toBe(2);
  });

  it('keeps at most MAX_EXAMPLES distinct examples and first sightings across batches', async () => {
    const { repo } = makeRepo();
    const id = templateId(FAILED);
    const write = (minute: number, examples: string[]) =>
      repo.write({ ...batch([{ template: FAILED, count: 1, minute }]), templates: [{ id, template: FAILED, examples }] });
    await write(T0 + 2 * HOUR, ['a', 'b']);
    await write(T0 + HOUR, ['b', 'c', 'd', 'e']);
    await write(T0 + 3 * HOUR, ['z']);
    const [t] = await repo.templates({ host: 'web-1', from: T0, to: T0 + DAY });
    expect(t?.examples).toEqual(['a', 'b', 'c']);
    expect(MAX_EXAMPLES).toBe(3);
    expect(t?.firstSeen).toBe(T0 + HOUR);
    expect((await repo.newTemplates({ host: 'web-1', from: T0 + HOUR, to: T0 + 2 * HOUR })).map((n) => n.template)).toEqual([FAILED]);
    expect(await repo.newTemplates({ host: 'web-1', from: T0 + 2 * HOUR, to: T0 + DAY })).toEqual([]);
  });

  it('new templates are new to the host, not to the period', async () => {
    const { repo } = makeRepo();
    await repo.write(batch([{ template: FAILED, count: 1, minute: T0 }]));
    await repo.write(
      batch([
        { template: FAILED, count: 4, minute: T0 + DAY - HOUR },
        { template: DISK, count: 2, severity: 'err', minute: T0 + DAY - HOUR },
      ]),
    );
    const fresh = await repo.newTemplates({ host: 'web-1', from: T0 + HOUR, to: T0 + DAY });
    expect(fresh.map((t) => [t.template, t.count, t.firstSeen])).toEqual([[DISK, 2, T0 + DAY - HOUR]]);
  });

  it('counts templates past the per-hour cap as other, without keeping their texts', async () => {
    const { repo } = makeRepo({ maxTemplatesPerHour: 2 });
    const texts = ['one <*>', 'two <*>', 'three <*>', 'four <*>'];
    await repo.write(batch(texts.slice(0, 3).map((template) => ({ template, count: 2 }))));
    await repo.write(
      batch([
        { template: 'one <*>', count: 1 },
        { template: 'four <*>', count: 5 },
        { template: 'five <*>', count: 1, minute: T0 + HOUR },
      ]),
    );
    const got = await repo.templates({ host: 'web-1', from: T0, to: T0 + 2 * HOUR });
    expect(got.map((t) => [t.template, t.id, t.count])).toEqual([
      ['other', OTHER_ID, 7],
      ['one <*>', templateId('one <*>'), 3],
      ['two <*>', templateId('two <*>'), 2],
      ['five <*>', templateId('five <*>'), 1],
    ]);
    expect(got[0]?.examples).toEqual([]);
  });

  it('sets retention on every key and keeps every key under the host hash tag', async () => {
    const { repo, prefix } = makeRepo();
    await repo.write(batch([{ template: FAILED, count: 1, minute: T0 + 30 * MIN }]));
    // Past the minute tier's retention but inside the hour tier's: counted in hours only.
    const old = T0 - 40 * DAY;
    await repo.write(batch([{ template: DISK, count: 9, minute: old }]));
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    expect(keys.length).toBeGreaterThan(5);
    for (const k of keys) expect(k.startsWith(`${prefix}:{h:web-1}:log:`)).toBe(true);
    const now = Date.now();
    const base = `${prefix}:{h:web-1}:log`;
    const expectAt = async (key: string, at: number) => expect(Math.abs((await redis.pttl(key)) - (at - now))).toBeLessThan(60_000);
    await expectAt(`${base}:m:${T0}`, T0 + HOUR + RETENTION.minuteMs);
    await expectAt(`${base}:h:${T0}`, T0 + DAY + RETENTION.hourMs);
    for (const k of ['tx', 'ex', 'fs', 'ls', 'src', 'b', 'bl']) await expectAt(`${base}:${k}`, now + RETENTION.hourMs);
    const oldHour = Math.floor(old / HOUR) * HOUR;
    expect(await redis.exists(`${base}:m:${oldHour}`)).toBe(0);
    await expectAt(`${base}:h:${Math.floor(old / DAY) * DAY}`, Math.floor(old / DAY) * DAY + DAY + RETENTION.hourMs);
    for (const k of keys) expect(await redis.pttl(k)).toBeGreaterThan(0);
    const [t] = await repo.templates({ host: 'web-1', from: Math.floor(old / DAY) * DAY, to: Math.floor(old / DAY) * DAY + DAY });
    expect(t).toMatchObject({ template: DISK, count: 9 });
  });

  it('keeps host names with braces apart, and stores attacker-chosen text as data', async () => {
    const { repo, prefix } = makeRepo();
    const xss = 'Invalid user <img src=x onerror=alert(1)> from <*>';
    const b = batch([{ template: xss, count: 1 }], { host: 'a}b{c' });
    b.templates[0]!.examples = ['Invalid user <img src=x onerror=alert(1)> from 10.0.0.1 \ud800 "quoted" \\ 中文'];
    await repo.write(b);
    const [t] = await repo.templates({ host: 'a}b{c', from: T0, to: T0 + HOUR });
    expect(t?.template).toBe(xss);
    expect(t?.examples).toEqual(['Invalid user <img src=x onerror=alert(1)> from 10.0.0.1 \ufffd "quoted" \\ 中文']);
    expect(await redis.exists(`${prefix}:{h:a%7Db%7Bc}:log:tx`)).toBe(1);
    expect(await repo.templates({ host: 'a', from: T0, to: T0 + HOUR })).toEqual([]);
  });

  it('keeps each source status with its earliest since', async () => {
    const { repo } = makeRepo();
    await repo.write(batch([], { status: { source: 'auth', since: T0, lastRead: T0 + 1, problem: null } }));
    await repo.write(
      batch([], { status: { source: 'auth', since: T0 + HOUR, lastRead: T0 + HOUR, problem: 'log source auth: /var/log/auth.log is not there yet' } }),
    );
    await repo.write(batch([], { source: 'app', status: { source: 'app', since: T0 + 5, lastRead: T0 + 6, problem: null } }));
    expect(await repo.sources('web-1')).toEqual([
      { source: 'app', since: T0 + 5, lastRead: T0 + 6, problem: null },
      { source: 'auth', since: T0, lastRead: T0 + HOUR, problem: 'log source auth: /var/log/auth.log is not there yet' },
    ]);
    expect(await repo.sources('nobody')).toEqual([]);
  });
});
