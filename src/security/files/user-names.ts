/**
 * uid/gid → name from /etc/passwd and /etc/group, re-read only when the file changed (inode, mtime
 * and size). `refresh()` once per snapshot, then `name()` per id: one stat per snapshot, not a
 * parse (and not a stat per socket).
 */
import { readFileSync, statSync } from 'node:fs';

class IdNames {
  private stamp = '';
  private names = new Map<number, string>();
  constructor(private readonly path: string) {}

  name(id: number): string | null {
    if (this.stamp === '') this.refresh();
    return this.names.get(id) ?? null;
  }

  refresh(): void {
    let stamp: string;
    try {
      const st = statSync(this.path);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      stamp = 'missing';
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.names = new Map();
    if (stamp === 'missing') return;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && /^\d+$/.test(id) && !this.names.has(Number(id))) this.names.set(Number(id), name);
    }
  }
}

export class UserNames extends IdNames {
  constructor(path = '/etc/passwd') {
    super(path);
  }
}

export class GroupNames extends IdNames {
  constructor(path = '/etc/group') {
    super(path);
  }
}
