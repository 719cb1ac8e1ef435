/**
 * `/proc/net/{tcp,tcp6,udp,udp6}`: one socket per line,
 *   `sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …`.
 * Addresses are hex in the kernel's byte order: an IPv4 address is one 32-bit word as the CPU
 * stores it (little-endian here, so 127.0.0.1 reads `0100007F`); IPv6 is four such words. Ports are
 * plain hex. TCP state 0A is LISTEN. A UDP socket has no listening state: one that is bound but
 * not connected (state 07, remote port 0) is what `ss -lu` shows as listening, and so here.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

export type Proto = 'tcp' | 'udp';
export type Family = 4 | 6;
export type ProcSocket = { proto: Proto; family: Family; address: string; port: number; uid: number; inode: number };

const LITTLE = endianness() === 'LE';
const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/** One 8-hex-digit kernel word → its 4 bytes in memory order. */
function wordBytes(hex: string, at: number): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(at + i, at + i + 2), 16));
  return LITTLE ? b.reverse() : b;
}

export function decodeAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex, 0).join('.');
  const bytes: number[] = [];
  for (let w = 0; w < 32; w += 8) bytes.push(...wordBytes(hex, w));
  // IPv4-mapped (::ffff:a.b.c.d), as a dual-stack socket bound to an IPv4 address shows.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compress(groups);
}

function compress(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * The whitespace-separated fields 1, 2, 3, 7 and 9 of a line (local, remote, state, uid, inode),
 * read in place: a host with thousands of connections has thousands of lines, and splitting each
 * into 17 strings only to drop most of them was a good part of a snapshot's cost.
 */
function fieldsOf(text: string, start: number, end: number, out: string[]): boolean {
  let i = start;
  let f = 0;
  while (i < end && f <= 9) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    const from = i;
    while (i < end && text.charCodeAt(i) !== 32) i++;
    if (i === from) break;
    if (f === 1 || f === 2 || f === 3 || f === 7 || f === 9) out[f] = text.slice(from, i);
    f++;
  }
  return f > 9;
}

/** The listening sockets of one table's text. */
export function parseProcNet(text: string, proto: Proto, family: Family): ProcSocket[] {
  const out: ProcSocket[] = [];
  const want = proto === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED;
  const f: string[] = [];
  let start = text.indexOf('\n') + 1; // skip the header
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const ok = fieldsOf(text, start, end, f);
    start = end + 1;
    if (!ok || f[3] !== want) continue;
    const local = f[1]!;
    // Connected UDP: a client, not a listener.
    if (proto === 'udp' && !f[2]!.endsWith(':0000')) continue;
    const colon = local.lastIndexOf(':');
    out.push({
      proto,
      family,
      address: decodeAddress(local.slice(0, colon)),
      port: parseInt(local.slice(colon + 1), 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

export const PROC_NET_TABLES = [
  ['tcp', 'tcp', 4],
  ['tcp6', 'tcp', 6],
  ['udp', 'udp', 4],
  ['udp6', 'udp', 6],
] as const;

/** Every listening socket in this network namespace; a missing table (no IPv6) is an empty one. */
export function readListeningSockets(procRoot = '/proc'): ProcSocket[] {
  const out: ProcSocket[] = [];
  for (const [file, proto, family] of PROC_NET_TABLES) {
    let text: string;
    try {
      text = readFileSync(`${procRoot}/net/${file}`, 'latin1');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    out.push(...parseProcNet(text, proto, family));
  }
  return out;
}
