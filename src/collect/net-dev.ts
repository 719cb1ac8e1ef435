import { counterDeltas } from './rates.js';
import type { NetIo } from './snapshot.js';

export type NetCounters = {
  iface: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
};

const KEYS = ['rxBytes', 'rxPackets', 'rxErrors', 'rxDrops', 'txBytes', 'txPackets', 'txErrors', 'txDrops'] as const;

/** /proc/net/dev after its two header lines: "iface: rx bytes packets errs drop fifo frame compressed multicast tx ...". */
export function parseNetDev(text: string): NetCounters[] {
  const out: NetCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    // Old kernels glue a wide counter to the colon ("eth0:123"), so split after it, not on spaces.
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (iface === '' || iface.includes('|') || f.length < 16) continue;
    const [rxBytes, rxPackets, rxErrors, rxDrops, , , , , txBytes, txPackets, txErrors, txDrops] = f;
    const c = { iface, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops };
    if (isComplete(c)) out.push(c);
  }
  return out;
}

function isComplete(c: Record<string, number | string | undefined>): c is NetCounters {
  return KEYS.every((k) => typeof c[k] === 'number' && Number.isFinite(c[k]));
}

/** Rates per interface over `seconds`; every field per second, errors and drops included. */
export function netRates(opts: { prev: Map<string, NetCounters>; cur: NetCounters[]; seconds: number; skip: RegExp }): NetIo[] {
  const out: NetIo[] = [];
  for (const c of opts.cur) {
    if (opts.skip.test(c.iface)) continue;
    const p = opts.prev.get(c.iface);
    const d = p ? counterDeltas({ prev: p, cur: c, keys: KEYS }) : null;
    if (!d) continue;
    const s = opts.seconds;
    out.push({
      iface: c.iface,
      rxBps: d.rxBytes / s,
      txBps: d.txBytes / s,
      rxPps: d.rxPackets / s,
      txPps: d.txPackets / s,
      rxErrors: d.rxErrors / s,
      txErrors: d.txErrors / s,
      rxDrops: d.rxDrops / s,
      txDrops: d.txDrops / s,
    });
  }
  return out;
}
