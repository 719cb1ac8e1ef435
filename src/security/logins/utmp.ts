/**
 * Binary utmp records (`/run/utmp`, `/var/log/wtmp`, `/var/log/btmp`) as glibc writes them on
 * Linux x86_64 and aarch64: `struct utmp`, 384 bytes, little-endian, with 32-bit times
 * (`__WORDSIZE_TIME64_COMPAT32`). Layout (offset: field):
 *   0 ut_type (int16, 2 bytes padding)   4 ut_pid (int32)      8 ut_line[32]     40 ut_id[4]
 *   44 ut_user[32]                       76 ut_host[256]       332 ut_exit (int16 termination, int16 exit)
 *   336 ut_session (int32)               340 ut_tv (int32 sec, int32 usec)       348 ut_addr_v6 (4 × int32)
 *   364 reserved[20]
 * The char arrays are NUL-padded but need not be NUL-terminated when full. Seconds are read as
 * unsigned, so the records keep working past January 2038 as newer glibc does.
 */
export const UTMP_RECORD_SIZE = 384;

export const UTMP_TYPES = [
  'empty',
  'run-level',
  'boot-time',
  'new-time',
  'old-time',
  'init-process',
  'login-process',
  'user-process',
  'dead-process',
  'accounting',
] as const;
export type UtmpType = (typeof UTMP_TYPES)[number] | 'unknown';

export type UtmpRecord = {
  type: UtmpType;
  typeCode: number;
  pid: number;
  /** Terminal without `/dev/` (`pts/1`, `tty1`, `ssh:notty` in btmp), or `~` for boot/run-level records. */
  line: string;
  id: string;
  user: string;
  /** Remote host as the login program wrote it (a name or an address); for boot records the kernel release. */
  host: string;
  exit: { termination: number; exit: number };
  session: number;
  /** Epoch ms (microseconds truncated). */
  time: number;
  /** ut_addr_v6 as text: dotted IPv4 when only the first word is set, else IPv6; null when all zero. */
  address: string | null;
};

const decoder = new TextDecoder('utf-8');

function cString(buf: Buffer, start: number, len: number): string {
  let end = start;
  const max = start + len;
  while (end < max && buf[end] !== 0) end++;
  // Names are bytes; invalid UTF-8 becomes U+FFFD rather than failing the whole file.
  return decoder.decode(buf.subarray(start, end));
}

function address(buf: Buffer, at: number): string | null {
  const w1 = buf.readUInt32LE(at + 4);
  const w2 = buf.readUInt32LE(at + 8);
  const w3 = buf.readUInt32LE(at + 12);
  const w0 = buf.readUInt32LE(at);
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) return null;
  // The words hold network byte order: the first byte in the file is the first octet.
  if (w1 === 0 && w2 === 0 && w3 === 0) return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(buf.readUInt16BE(at + i).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run (≥ 2) of zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function parseUtmpRecord(buf: Buffer, at = 0): UtmpRecord {
  const typeCode = buf.readInt16LE(at);
  return {
    type: UTMP_TYPES[typeCode] ?? 'unknown',
    typeCode,
    pid: buf.readInt32LE(at + 4),
    line: cString(buf, at + 8, 32),
    id: cString(buf, at + 40, 4),
    user: cString(buf, at + 44, 32),
    host: cString(buf, at + 76, 256),
    exit: { termination: buf.readInt16LE(at + 332), exit: buf.readInt16LE(at + 334) },
    session: buf.readInt32LE(at + 336),
    time: buf.readUInt32LE(at + 340) * 1000 + Math.floor(buf.readUInt32LE(at + 344) / 1000),
    address: address(buf, at + 348),
  };
}

export type UtmpParse = { records: UtmpRecord[]; /** Bytes after the last whole record (a write cut short). */ trailingBytes: number };

export function parseUtmp(buf: Buffer): UtmpParse {
  const n = Math.floor(buf.length / UTMP_RECORD_SIZE);
  const records: UtmpRecord[] = new Array(n);
  for (let i = 0; i < n; i++) records[i] = parseUtmpRecord(buf, i * UTMP_RECORD_SIZE);
  return { records, trailingBytes: buf.length - n * UTMP_RECORD_SIZE };
}
