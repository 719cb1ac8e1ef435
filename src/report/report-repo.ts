import type { RedisClient } from '../redis/client.js';
import type { ReportRequest } from './model/report-request.js';

export type ReportStatus = 'queued' | 'collecting' | 'rendering' | 'archiving' | 'rendered' | 'delivering' | 'delivered' | 'completed' | 'failed';

export type ReportRecord = {
  id: string;
  request: ReportRequest;
  status: ReportStatus;
  /** 0–100, for progress bars in the CLI and console. */
  progress: number;
  archiveId: string | null;
  files: { pdf?: string; html?: string };
  messageIds: string[];
  error: string | null;
  createdAt: number;
  updatedAt: number;
};

/** One line of the delivery ledger: what happened to a report, stage by stage. */
export type LedgerEvent = { t: number; stage: 'generated' | 'rendered' | 'archived' | 'sent' | 'failed' | 'skipped' | 'retried'; detail: string };

export type ReportRepo = {
  create(request: ReportRequest): Promise<ReportRecord>;
  get(id: string): Promise<ReportRecord | null>;
  update(id: string, patch: Partial<Omit<ReportRecord, 'id' | 'request' | 'createdAt'>>): Promise<void>;
  log(id: string, event: Omit<LedgerEvent, 't'>): Promise<void>;
  events(id: string): Promise<LedgerEvent[]>;
  list(opts?: { limit?: number }): Promise<ReportRecord[]>;
  /** Where the render lease of a report lives (src/report/render-lease.ts). */
  leaseKey(id: string): string;
};

/**
 * Creates a record and its first ledger line at once, unless the record exists. The ledger is
 * pushed before the record's fields: a failing RPUSH (the one command here that can fail on a new
 * id) leaves nothing behind, and the HSET that follows it cannot fail on a key just found absent.
 * KEYS: record, ledger. ARGV: first ledger line, then field/value pairs. Returns 1 when created.
 */
const CREATE = `
if redis.call('HEXISTS', KEYS[1], 'request') == 1 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1`;

/** Where a report's keys live: all of one report under its own hash tag `{r:<id>}`. */
export function reportKeys(prefix: string) {
  return {
    record: (id: string) => `${prefix}:report:{r:${id}}`,
    ledger: (id: string) => `${prefix}:report:{r:${id}}:ledger`,
    /** Cross-report, so never in a report's transaction: written after the record. */
    index: `${prefix}:reports`,
  };
}

/**
 * Report records and their ledger in Redis; history kept newest first, trimmed to `keep`.
 *
 * `create` writes the record (one script on the report's slot, so the record is complete or
 * absent) and then indexes it. A failure between the two leaves a complete record that `get`
 * finds and `list` does not: the caller's retry of `create` with the same id indexes it.
 */
export function createReportRepo(opts: { redis: RedisClient; prefix: string; keep?: number }): ReportRepo {
  const keys = reportKeys(opts.prefix);
  const key = keys.record;
  const eventsKey = keys.ledger;
  const indexKey = keys.index;
  const keep = opts.keep ?? 5_000;

  // One hash field per record field, JSON-encoded: an update is a single HSET, so stages updating
  // different fields at once never overwrite each other.
  const read = async (id: string): Promise<ReportRecord | null> => {
    const h = await opts.redis.hgetall(key(id));
    if (!h.request) return null;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(h)) out[k] = JSON.parse(v);
    return out as ReportRecord;
  };
  const encode = (obj: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(obj)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, JSON.stringify(v)]),
    );

  return {
    async create(request) {
      const now = Date.now();
      const record: ReportRecord = {
        id: request.id,
        request,
        status: 'queued',
        progress: 0,
        archiveId: null,
        files: {},
        messageIds: [],
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      // Idempotent on the id: a retried scheduler run keeps the first record.
      const first = JSON.stringify({ t: now, stage: 'generated', detail: `${request.trigger} request for ${request.name}` });
      const fields = Object.entries(encode(record)).flat();
      const created = (await opts.redis.eval(CREATE, 2, key(request.id), eventsKey(request.id), first, ...fields)) === 1;
      if (!created) {
        const existing = await read(request.id);
        // Repairs an index entry lost after an earlier create wrote the record.
        if (existing) await opts.redis.zadd(indexKey, 'NX', existing.createdAt, request.id);
        return existing ?? record;
      }
      await opts.redis.zadd(indexKey, now, request.id);
      const extra = (await opts.redis.zcard(indexKey)) - keep;
      if (extra > 0) await opts.redis.zremrangebyrank(indexKey, 0, extra - 1);
      return record;
    },
    get: read,
    async update(id, patch) {
      await opts.redis.hset(key(id), encode({ ...patch, updatedAt: Date.now() }));
    },
    async log(id, event) {
      await opts.redis.rpush(eventsKey(id), JSON.stringify({ t: Date.now(), ...event }));
    },
    async events(id) {
      return (await opts.redis.lrange(eventsKey(id), 0, -1)).map((l) => JSON.parse(l) as LedgerEvent);
    },
    leaseKey: (id) => `${key(id)}:lock`,
    async list({ limit = 50 } = {}) {
      const ids = await opts.redis.zrevrange(indexKey, 0, limit - 1);
      const all = await Promise.all(ids.map(read));
      return all.filter((r): r is ReportRecord => r !== null);
    },
  };
}
