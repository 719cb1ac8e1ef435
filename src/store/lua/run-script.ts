import { createHash } from 'node:crypto';
import type { RedisClient } from '../../redis/client.js';

export type Script = { source: string; sha: string };
export type ScriptArg = string | Buffer | number;

export function defineScript(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA with a fallback to EVAL when the node lost its script cache (restart, SCRIPT FLUSH, a
 * replica promoted by a failover, or on a Cluster simply another master than the last call's).
 * The EVAL caches the script on that node, so the next EVALSHA there succeeds: no node needs a
 * SCRIPT LOAD beforehand, and none can fail a call with NOSCRIPT. On a Cluster the call goes to
 * the master of the keys' slot (ioredis reads the keys from the EVALSHA's numkeys).
 * Replies come back as Buffers: chunks are binary. All keys of one call share one slot.
 */
export async function runScript(redis: RedisClient, script: Script, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
  try {
    return await redis.callBuffer('EVALSHA', [script.sha, keys.length, ...keys, ...args]);
  } catch (err) {
    if (!isNoScript(err)) throw err;
    return redis.callBuffer('EVAL', [script.source, keys.length, ...keys, ...args]);
  }
}

/**
 * The command words of a script call for use inside MULTI, where a failed EVALSHA cannot fall back
 * on its own: EVALSHA first; `withSource` (after a NOSCRIPT reply) sends the source with EVAL, which
 * cannot fail so and caches the script on that node for the next EVALSHA.
 */
export function scriptCall(script: Script, keys: readonly string[], args: readonly ScriptArg[], withSource: boolean): ScriptArg[] {
  return [withSource ? script.source : script.sha, keys.length, ...keys, ...args];
}

export function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/** Reply helpers: Lua tables arrive as arrays, strings as Buffers, numbers as numbers, nil as null. */
export function asArray(x: unknown): unknown[] {
  if (!Array.isArray(x)) throw new TypeError('unexpected script reply: not an array');
  return x;
}

export function asBuffer(x: unknown): Buffer | null {
  if (x === null || x === undefined) return null;
  if (Buffer.isBuffer(x)) return x;
  throw new TypeError('unexpected script reply: not a string');
}

export function asNumber(x: unknown): number {
  if (typeof x === 'number') return x;
  if (Buffer.isBuffer(x)) return Number(x.toString());
  throw new TypeError('unexpected script reply: not a number');
}

/** A timestamp stored as a decimal string, or null when absent. */
export function asTime(x: unknown): number | null {
  const b = asBuffer(x);
  return b === null ? null : Number(b.toString());
}
