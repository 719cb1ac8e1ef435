import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type Script = { source: string; sha: string };
export type ScriptArg = string | Buffer | number;

export function defineScript(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA with a fallback to EVAL when the server lost its script cache (restart, SCRIPT FLUSH).
 * Replies come back as Buffers: chunks are binary. All keys of one call belong to one host.
 */
export async function runScript(redis: Redis, script: Script, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
  try {
    return await redis.callBuffer('EVALSHA', [script.sha, keys.length, ...keys, ...args]);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.callBuffer('EVAL', [script.source, keys.length, ...keys, ...args]);
  }
}

/**
 * Loads scripts once per connection object, for use inside MULTI where EVALSHA cannot fall back
 * to EVAL. A server restart flushes the cache; callers retry after reloadScripts on NOSCRIPT.
 */
const loaded = new WeakMap<Redis, Set<string>>();

export async function ensureScript(redis: Redis, script: Script): Promise<void> {
  let set = loaded.get(redis);
  if (set === undefined) {
    set = new Set();
    loaded.set(redis, set);
  }
  if (set.has(script.sha)) return;
  await redis.script('LOAD', script.source);
  set.add(script.sha);
}

export function forgetScripts(redis: Redis): void {
  loaded.delete(redis);
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
