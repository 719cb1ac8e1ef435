import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { knownDead, thisProcess, type ProcessIdentity } from '../shared/process-identity.js';

/** The BullMQ job lock a holder works under: while `key` holds `token`, BullMQ counts it as the job's owner. */
export type JobFence = { key: string; token: string };

type Holder = ProcessIdentity & { lease: string; since: number; fence?: JobFence };

export type RenderLease = {
  /** Throws LEASE_LOST when another worker has taken the lease over, having found this one dead. */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
};

// Sets the lease if free, or replaces the exact holder value the caller found dead.
const ACQUIRE = `local cur = redis.call('GET', KEYS[1])
if (not cur) or (ARGV[3] ~= '' and cur == ARGV[3]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return '' end
return cur`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A render lease that a dead holder cannot keep. Three ways to see the holder is gone, fastest first:
 * its BullMQ job lock no longer holds its token (BullMQ gave the job to someone else: the fence);
 * it ran on this host and its process is gone; or it stopped renewing, so the short TTL ran out.
 * A live holder is waited for up to `waitMs`, since its report is then archived and reused.
 */
export async function acquireRenderLease(o: {
  redis: Redis;
  key: string;
  ttlMs: number;
  waitMs: number;
  fence?: JobFence;
  log: Logger;
  what: string;
}): Promise<RenderLease> {
  const me: Holder = { ...thisProcess(), lease: randomUUID(), since: Date.now(), ...(o.fence ? { fence: o.fence } : {}) };
  const value = JSON.stringify(me);
  const deadline = Date.now() + o.waitMs;
  let dead = '';
  for (;;) {
    const cur = (await o.redis.eval(ACQUIRE, 1, o.key, value, String(o.ttlMs), dead)) as string;
    if (cur === '') break;
    const holder = parseHolder(cur);
    dead = holder && (await holderGone(o.redis, holder)) ? cur : '';
    if (dead) {
      o.log.warn({ report: o.what, holder: { host: holder?.host, pid: holder?.pid } }, 'render lease held by a dead worker: taking it over');
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? ` (pid ${holder.pid} on ${holder.host}, since ${new Date(holder.since).toISOString()})` : '';
      throw new AppError('REPORT_BUSY', `report ${o.what} is being rendered by another worker${who}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(100, o.ttlMs / 4))));
  }

  let lost = false;
  const heartbeat = setInterval(
    () => {
      void (o.redis.eval(RENEW, 1, o.key, value, String(o.ttlMs)) as Promise<number>).then(
        (ok) => {
          if (ok === 1 || lost) return;
          lost = true;
          o.log.warn({ report: o.what }, 'render lease lost: another worker took this report over');
        },
        // Redis away: try again next beat; past the TTL another worker may take over, and
        // assertHeld stops this one before it archives.
        () => undefined,
      );
    },
    Math.max(200, Math.floor(o.ttlMs / 3)),
  );
  heartbeat.unref();

  return {
    async assertHeld() {
      if (!lost && (await o.redis.get(o.key)) === value) return;
      lost = true;
      throw new AppError('LEASE_LOST', `report ${o.what} was taken over by another worker while this one worked on it`);
    },
    async release() {
      clearInterval(heartbeat);
      await o.redis.eval(RELEASE, 1, o.key, value);
    },
  };
}

function parseHolder(raw: string): Holder | null {
  try {
    const h = JSON.parse(raw) as Holder;
    return typeof h === 'object' && h !== null && typeof h.lease === 'string' ? h : null;
  } catch {
    // A lock from an older version: only its TTL can end it.
    return null;
  }
}

async function holderGone(redis: Redis, h: Holder): Promise<boolean> {
  if (h.fence && (await redis.get(h.fence.key)) !== h.fence.token) return true;
  return knownDead(h);
}
