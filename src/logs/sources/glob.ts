import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Archives logrotate (or a person) made: never read, since their lines were read as the live file. */
export const COMPRESSED = /\.(gz|tgz|xz|txz|bz2|tbz2?|zst|lz4|lzma|lz|z|zip|7z)$/i;

const hasWildcard = (s: string): boolean => /[*?[]/.test(s);

/** One path segment's glob (`*`, `?`, `[abc]`, `[!a-z]`) as a regex; a leading dot is matched only literally. */
export function segmentRegex(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += ch.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  // As in the shell: `*.log` does not match `.hidden.log`.
  return new RegExp(segment.startsWith('.') ? `^${re}$` : `^(?!\\.)${re}$`);
}

/**
 * Paths matching an absolute pattern, sorted, compressed archives left out. Directories named by
 * a wildcard are entered only when they are real directories (not symlinks) unless
 * `followSymlinks`: a log directory swapped for a link to /etc must not widen what is read.
 * A missing or unreadable directory matches nothing; the caller reports "no file matches".
 */
export async function expandGlob(pattern: string, opts: { followSymlinks: boolean }): Promise<string[]> {
  if (!hasWildcard(pattern)) return COMPRESSED.test(pattern) ? [] : [pattern];
  const segments = pattern.split('/').filter((s) => s !== '');
  let firstWild = segments.findIndex(hasWildcard);
  if (firstWild < 0) firstWild = segments.length;
  let current = [`/${segments.slice(0, firstWild).join('/')}`];
  for (let i = firstWild; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasWildcard(segment)) {
        next.push(join(dir, segment));
        continue;
      }
      const re = segmentRegex(segment);
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!re.test(e.name)) continue;
        if (last) {
          if (!COMPRESSED.test(e.name)) next.push(join(dir, e.name));
        } else if (e.isDirectory() || (opts.followSymlinks && e.isSymbolicLink())) {
          next.push(join(dir, e.name));
        }
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current.sort();
}
