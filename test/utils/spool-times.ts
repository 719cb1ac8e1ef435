import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The sample times in an agent's disk spool (one JSON snapshot per line). A missing directory, or
 * a file the agent removed between the listing and the read (it flushes while tests poll), counts
 * as nothing spooled there.
 */
export function spooledTimes(dir: string): number[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    try {
      return readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { t: number }).t);
    } catch {
      return [];
    }
  });
}
