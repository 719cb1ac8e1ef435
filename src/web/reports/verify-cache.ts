import type { Archive, VerifyResult } from '../../archive/index.js';

/**
 * Verification re-hashes every archived file, so a page view reuses a recent answer unless the
 * manifest has grown since or the caller asks for a fresh walk.
 */
export function createVerifyCache(archive: Archive, maxAgeMs = 5 * 60_000) {
  let last: { at: number; entries: number; result: VerifyResult } | null = null;
  return async (opts: { fresh?: boolean; entries: number }): Promise<VerifyResult & { checkedAt: number }> => {
    if (!opts.fresh && last && last.entries === opts.entries && Date.now() - last.at < maxAgeMs) return { ...last.result, checkedAt: last.at };
    const result = await archive.verify();
    last = { at: Date.now(), entries: opts.entries, result };
    return { ...result, checkedAt: last.at };
  };
}

export type VerifyCache = ReturnType<typeof createVerifyCache>;
