import os from 'node:os';

export type Load = { l1: number; l5: number; l15: number };

/** "0.02 0.37 0.27 1/137 19882" → the three averages; null when the text is not that. */
export function parseLoadavg(text: string): Load | null {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (a === undefined || b === undefined || c === undefined) return null;
  if (![a, b, c].every(Number.isFinite)) return null;
  return { l1: a, l5: b, l15: c };
}

/** /proc/uptime: "1093.09 1829.56" → seconds since boot (CLOCK_BOOTTIME: monotonic, counts suspend). */
export function parseUptime(text: string): number | null {
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** From the os module when /proc/loadavg is unreadable (zeros on Windows). */
export function osLoad(): Load {
  const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
  return { l1, l5, l15 };
}
