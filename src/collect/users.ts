import { readText } from './read-text.js';

/** uid → login name from /etc/passwd text. */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (!name || name.startsWith('#') || uid === undefined) continue;
    const n = Number(uid);
    if (Number.isInteger(n) && !out.has(n)) out.set(n, name);
  }
  return out;
}

/** Users created after start are picked up by a re-read, at most this often. */
const RELOAD_AFTER_MS = 10 * 60_000;

/**
 * Resolves uids with /etc/passwd, read once and cached. Directory users (LDAP, sssd) are not in
 * the file; they show as their number rather than costing an NSS lookup per process.
 */
export function createUserNames(opts: { etcRoot: string }) {
  let names: Map<number, string> | null = null;
  let loadedAt = 0;
  async function load(now: number) {
    const text = await readText(`${opts.etcRoot}/passwd`);
    names = text === null ? new Map() : parsePasswd(text);
    loadedAt = now;
  }
  return async function userName(uid: number | null): Promise<string> {
    if (uid === null) return '?';
    const now = Date.now();
    if (!names || (!names.has(uid) && now - loadedAt > RELOAD_AFTER_MS)) await load(now);
    return names?.get(uid) ?? String(uid);
  };
}
