/**
 * uid/gid → name from /etc/passwd and /etc/group, re-read only when the file changed (its mtime
 * and size), so a snapshot every few seconds costs one stat, not a parse.
 */
import { readFileSync, statSync } from 'node:fs';

class IdNames {
  private stamp = '';
  private names = new Map<number, string>();
  constructor(private readonly path: string) {}

  name(id: number): string | null {
    this.refresh();
    return this.names.get(id) ?? null;
  }

  private refresh(): void {
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
