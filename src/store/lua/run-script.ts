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
