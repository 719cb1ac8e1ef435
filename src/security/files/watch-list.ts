/**
 * Which files the integrity check watches: paths and globs (`*`, `?` and `[…]` within one path
 * segment; `*` does not match a leading dot), plus files relative to every account's home from
 * /etc/passwd (`.ssh/authorized_keys`). Only regular files and symlinks are watched; a directory
 * matched by a glob is skipped. The list is bounded: past `maxFiles` the rest is cut and counted.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';

export const DEFAULT_WATCH = [
  '/etc/passwd',
  '/etc/group',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/sudoers',
  '/etc/sudoers.d/*',
  '/etc/ssh/sshd_config',
  '/etc/ssh/sshd_config.d/*',
  '/etc/crontab',
  '/etc/cron.d/*',
  '/var/spool/cron/crontabs/*',
  '/var/spool/cron/*',
  '/root/.ssh/authorized_keys',
  '/root/.ssh/authorized_keys2',
];

export const DEFAULT_HOME_FILES = ['.ssh/authorized_keys', '.ssh/authorized_keys2'];

export type WatchSpec = { paths: string[]; homeFiles: string[]; maxFiles: number; passwdPath?: string };
export type WatchList = { files: string[]; cut: number };

const hasMagic = (s: string): boolean => /[*?[]/.test(s);

function segmentRegex(seg: string): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = seg.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

/** Every existing path matching an absolute glob, sorted. */
export function expandGlob(pattern: string): string[] {
  const segments = pattern.split('/').filter((s) => s !== '');
  let bases = ['/'];
  for (const seg of segments) {
    const next: string[] = [];
    for (const base of bases) {
      const prefix = base === '/' ? '/' : `${base}/`;
      if (!hasMagic(seg)) {
        next.push(`${prefix}${seg}`);
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      const re = segmentRegex(seg);
      for (const n of names) if ((seg.startsWith('.') || !n.startsWith('.')) && re.test(n)) next.push(`${prefix}${n}`);
    }
    bases = next;
  }
  return bases.sort();
}

/** Home directories of accounts in passwd: absolute, not `/`, deduplicated. */
export function homeDirectories(passwdPath = '/etc/passwd'): string[] {
  let text: string;
  try {
    text = readFileSync(passwdPath, 'utf8');
  } catch {
    return [];
  }
  const homes = new Set<string>();
  for (const line of text.split('\n')) {
    const home = line.split(':')[5];
    if (home && home.startsWith('/') && home !== '/' && !home.includes('\0')) homes.add(home.replace(/\/+$/, ''));
  }
  return [...homes].sort();
}

const isWatchable = (path: string): boolean => {
  try {
    const st = lstatSync(path);
    return st.isFile() || st.isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * The watched files now. A plain path is kept even when missing (its appearing is a change worth
 * reporting); a glob or home file contributes only what exists.
 */
export function resolveWatchList(spec: WatchSpec): WatchList {
  const out = new Set<string>();
  for (const p of spec.paths) {
    if (!hasMagic(p)) out.add(p);
    else for (const f of expandGlob(p)) if (isWatchable(f)) out.add(f);
  }
  for (const home of homeDirectories(spec.passwdPath)) {
    for (const rel of spec.homeFiles) {
      const f = `${home}/${rel}`;
      if (isWatchable(f)) out.add(f);
    }
  }
  const files = [...out].sort();
  return { files: files.slice(0, spec.maxFiles), cut: Math.max(0, files.length - spec.maxFiles) };
}
