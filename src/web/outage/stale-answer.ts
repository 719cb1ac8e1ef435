import type { FastifyReply } from 'fastify';
import type { Known, LastKnown } from './last-known.js';

/** The banner's facts for a page: since when Redis is unreachable, and how old the data shown is. */
export type OutageBanner = { sinceText: string; asOfText: string | null; ageText: string | null };

const fmt = (t: number, timeZone: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23', timeZone }).format(t);

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** Null while Redis answers; else what the layout's banner says. */
export function outageBanner(opts: { live: LastKnown; known?: Known<unknown>; timezone: string; now?: number }): OutageBanner | null {
  const now = opts.now ?? Date.now();
  const since = opts.known?.stale ? opts.known.unreachableSince : opts.live.unreachableSince();
  if (since === null) return null;
  const asOf = opts.known?.stale ? opts.known.asOf : null;
  return { sinceText: fmt(since, opts.timezone), asOfText: asOf === null ? null : fmt(asOf, opts.timezone), ageText: asOf === null ? null : age(now - asOf) };
}

/**
 * API answers built from Redis say how fresh they are: `stale`, `asOf` and, when stale,
 * `redisUnreachableSince`, plus an `X-Checkup-Stale` header a client can test without parsing.
 */
export function freshness(reply: FastifyReply, known: Known<unknown>): { stale: boolean; asOf: string; redisUnreachableSince?: string } {
  const asOf = new Date(known.asOf).toISOString();
  if (!known.stale) return { stale: false, asOf };
  const since = new Date(known.unreachableSince).toISOString();
  reply.header('x-checkup-stale', `redis unreachable since ${since}; data as of ${asOf}`);
  return { stale: true, asOf, redisUnreachableSince: since };
}
