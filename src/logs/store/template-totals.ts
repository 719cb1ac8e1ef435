import type { RedisClient } from '../../redis/client.js';
import type { LogSeverity, LogTemplateTotal } from './log-repo.js';
import type { LogKeys } from './log-keys.js';
import type { Cell } from './log-tally.js';
import { moreSevere } from './severity-rank.js';

type Acc = { id: string; count: number; severity: LogSeverity; bySeverity: Partial<Record<LogSeverity, number>>; sources: Set<string> };

/** Sums cells per template, most counted first (ties by id), and adds texts, examples and first sightings. */
export async function totalsOf(opts: { redis: RedisClient; keys: LogKeys; cells: Cell[]; limit?: number }): Promise<LogTemplateTotal[]> {
  const byId = new Map<string, Acc>();
  for (const c of opts.cells) {
    let a = byId.get(c.templateId);
    if (!a) {
      a = { id: c.templateId, count: 0, severity: c.severity, bySeverity: {}, sources: new Set() };
      byId.set(c.templateId, a);
    }
    a.count += c.count;
    a.severity = moreSevere(a.severity, c.severity);
    a.bySeverity[c.severity] = (a.bySeverity[c.severity] ?? 0) + c.count;
    a.sources.add(c.source);
  }
  let list = [...byId.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (opts.limit !== undefined) list = list.slice(0, Math.max(0, opts.limit));
  if (list.length === 0) return [];
  const ids = list.map((a) => a.id);
  const [texts, examples, firstSeen] = await Promise.all([
    opts.redis.hmget(opts.keys.texts, ...ids),
    opts.redis.hmget(opts.keys.examples, ...ids),
    opts.redis.zmscore(opts.keys.firstSeen, ...ids),
  ]);
  return list.map((a, i) => ({
    id: a.id,
    // A template pruned or never described (a write from an older agent) still shows its id.
    template: texts[i] ?? a.id,
    severity: a.severity,
    count: a.count,
    bySeverity: a.bySeverity,
    sources: [...a.sources].sort(),
    examples: parseExamples(examples[i] ?? null),
    firstSeen: firstSeen[i] === null || firstSeen[i] === undefined ? null : Number(firstSeen[i]),
  }));
}

function parseExamples(json: string | null): string[] {
  if (json === null) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
