import type { Archive, VerifyResult } from '../../archive/index.js';

/**
 * Verification re-hashes every archived file, so a page view reuses a recent answer unless the
 * manifest has grown since or the caller asks for a fresh walk.
 */
export function createVerifyCache(archive: Archive, maxAgeMs = 5 * 60_000) {
  let last: { at: number; entries: number; result: VerifyResult } | null = null;
  return async (opts: { fresh?: boolean; entries: number; offline?: boolean }): Promise<VerifyResult & { checkedAt: number }> => {
    if (!opts.fresh && last && last.entries === opts.entries && Date.now() - last.at < maxAgeMs) return { ...last.result, checkedAt: last.at };
    const result = await archive.verify({ offline: opts.offline === true });
    // A check made without the anchor is not kept: the full one runs once Redis is back.
    if (opts.offline) return { ...result, checkedAt: Date.now() };
    last = { at: Date.now(), entries: opts.entries, result };
    return { ...result, checkedAt: last.at };
  };
}

export type VerifyCache = ReturnType<typeof createVerifyCache>;
