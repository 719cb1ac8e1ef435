/** One alert as the generic JSON webhook carries it. */
export type HookAlert = { key: string; rule: string; status: string };
export type HookBody = { kind: string; host: string; firing: HookAlert[]; resolved: HookAlert[]; active: HookAlert[] };

/** Per alert key, what the receiver was told, in order: "firing" or "resolved". */
export function announcements(bodies: HookBody[]): Map<string, Array<'firing' | 'resolved'>> {
  const out = new Map<string, Array<'firing' | 'resolved'>>();
  const push = (key: string, what: 'firing' | 'resolved') => out.set(key, [...(out.get(key) ?? []), what]);
  for (const b of bodies) {
    for (const a of b.firing) push(a.key, 'firing');
    for (const a of b.resolved) push(a.key, 'resolved');
  }
  return out;
}

/**
 * The contract the receivers rely on: per key, FIRING and RESOLVED alternate, starting with
 * FIRING. Returns the keys that broke it (a second FIRING without a resolve between, a RESOLVED
 * of something never announced), with what they were told.
 */
export function brokenSequences(bodies: HookBody[]): string[] {
  const bad: string[] = [];
  for (const [key, seq] of announcements(bodies)) {
    if (seq.some((s, i) => s !== (i % 2 === 0 ? 'firing' : 'resolved'))) bad.push(`${key}: ${seq.join(' → ')}`);
  }
  return bad;
}
