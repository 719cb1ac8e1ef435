import { createHash } from 'node:crypto';

export type FileRef = { sha256: string; bytes: number; ext: string };

/** One line of the manifest. `prev` chains it to the line before; `hash` covers every other field. */
export type ManifestEntry = {
  v: 1;
  seq: number;
  id: string;
  kind: 'report' | 'prune';
  prev: string;
  createdAt: string;
  /** For reports: what was archived. For prune entries: which entry's files were removed. */
  reportId?: string;
  name?: string;
  period?: { from: string; to: string };
  hosts?: string[];
  files?: Record<string, FileRef>;
  prunes?: string;
  reason?: string;
  hash: string;
};

export const GENESIS = '0'.repeat(64);

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** JSON with sorted keys, so the hash does not depend on property order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<ManifestEntry, 'hash' | 'id'>): string {
  return sha256(canonical(entry));
}

/** Seals an entry: the id is the head of its own hash, so an id names exactly one content. */
export function sealEntry(body: Omit<ManifestEntry, 'hash' | 'id'>): ManifestEntry {
  const hash = entryHash(body);
  return { ...body, id: hash.slice(0, 16), hash };
}
