import type { LedgerEvent, ReportRecord, ReportRepo } from '../../../src/report/report-repo.js';

/** Report records and their event log in memory, for unit tests; the contract suite holds it to the Redis one. */
export function createMemoryReportRepo(opts: { keep?: number } = {}): ReportRepo {
  const keep = opts.keep ?? 5_000;
  const records = new Map<string, ReportRecord>();
  const events = new Map<string, LedgerEvent[]>();
  const index: string[] = [];
  const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    async create(request) {
      const existing = records.get(request.id);
      if (existing) return copy(existing);
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
      records.set(request.id, copy(record));
      events.set(request.id, [{ t: now, stage: 'generated', detail: `${request.trigger} request for ${request.name}` }]);
      index.push(request.id);
      while (index.length > keep) index.shift();
      return record;
    },
    get: async (id) => copy(records.get(id) ?? null),
    async update(id, patch) {
      const r = records.get(id);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      // Like HSET on a missing hash: fields land, but without a request there is no record to read.
      if (r) records.set(id, copy({ ...r, ...defined, updatedAt: Date.now() }));
    },
    async log(id, event) {
      events.set(id, [...(events.get(id) ?? []), { t: Date.now(), ...event }]);
    },
    events: async (id) => copy(events.get(id) ?? []),
    async list({ limit = 50 } = {}) {
      return index
        .slice()
        .reverse()
        .slice(0, limit)
        .flatMap((id) => (records.has(id) ? [copy(records.get(id)!)] : []));
    },
    leaseKey: (id) => `memory:report:${id}:lock`,
  };
}
