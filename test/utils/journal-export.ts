import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian ships it outside PATH. */
export const JOURNAL_REMOTE =
  ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => existsSync(p)) ?? '/lib/systemd/systemd-journal-remote';

export type ExportEntry = { realtimeUs: number; fields: Record<string, string | Buffer> };

const BOOT_ID = '0123456789abcdef0123456789abcdef';

/**
 * The journal export format (systemd's JOURNAL_EXPORT_FORMATS): `NAME=value` lines, or for a value
 * that is binary or holds a newline, the name, a newline, a 64-bit little-endian size, the bytes
 * and a newline; an empty line ends an entry.
 */
export function exportFormat(entries: ExportEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const fields: Record<string, string | Buffer> = {
      __REALTIME_TIMESTAMP: String(e.realtimeUs),
      __MONOTONIC_TIMESTAMP: String(1000 + i),
      _BOOT_ID: BOOT_ID,
      ...e.fields,
    };
    for (const [name, value] of Object.entries(fields)) {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
      const plain = bytes.every((b) => b >= 0x20 && b < 0x7f);
      if (plain) {
        parts.push(Buffer.from(`${name}=`), bytes, Buffer.from('\n'));
        continue;
      }
      const size = Buffer.alloc(8);
      size.writeBigUInt64LE(BigInt(bytes.length));
      parts.push(Buffer.from(`${name}\n`), size, bytes, Buffer.from('\n'));
    }
    parts.push(Buffer.from('\n'));
  });
  return Buffer.concat(parts);
}

/** Appends entries to a .journal file with the real systemd-journal-remote (it creates the file too). */
export async function writeJournal(file: string, entries: ExportEntry[]): Promise<void> {
  const child = spawn(JOURNAL_REMOTE, ['-o', file, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  child.stdin.end(exportFormat(entries));
  const code = await done;
  if (code !== 0) throw new Error(`systemd-journal-remote exited ${String(code)}: ${err}`);
}
