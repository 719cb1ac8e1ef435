/**
 * Lines of a file, for offline scans: plain or gzip (rotated `auth.log.2.gz`), split on LF with a
 * trailing CR dropped. A line longer than `maxLineChars` is cut there (the rest up to its newline
 * is skipped), so one enormous line cannot take the process's memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** sshd caps a logged message at 1 KiB-ish, syslog relays at 8 KiB; 64 Ki chars is far past any real auth line. */
export const MAX_LINE_CHARS = 65_536;

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Calls `onLine` for every line, in order. A callback rather than an async iterator: a million
 * lines through `for await` cost a promise each, more than the recognising itself.
 */
export async function readLines(path: string, onLine: (line: string) => void, opts: { maxLineChars?: number } = {}): Promise<void> {
  const max = opts.maxLineChars ?? MAX_LINE_CHARS;
  const gz = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream: Readable = gz ? file.pipe(createGunzip()) : file;
  if (gz) file.on('error', (err) => stream.destroy(err));
  const decoder = new StringDecoder('utf8');
  const emit = (line: string): void => onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  const cut = (line: string): string => (line.length > max ? line.slice(0, max) : line);
  // `carry` is the unfinished line from the chunk before. Each chunk is searched on its own (not
  // appended to the carry), so a megabyte of text is never copied just to join one line.
  let carry = '';
  let skipping = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // Auth logs are nearly all ASCII: such a chunk is read as one-byte text, several times faster
    // to decode and to search than UTF-8 text. The decoder takes any other chunk; a chunk after one
    // that ended inside a multi-byte character starts with its continuation bytes, so is never
    // ASCII and goes to the decoder that holds the character's first bytes.
    const text = isAscii(chunk) ? chunk.toString('latin1') : decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl >= 0) {
      if (skipping) skipping = false;
      else emit(cut(carry + text.slice(0, nl)));
      carry = '';
      start = nl + 1;
      for (nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
        emit(nl - start > max ? text.slice(start, start + max) : text.slice(start, nl));
        start = nl + 1;
      }
    }
    if (skipping) continue;
    carry += text.slice(start);
    if (carry.length > max) {
      // The line goes on past the cap: keep what fits, drop the rest up to its newline.
      emit(carry.slice(0, max));
      carry = '';
      skipping = true;
    }
  }
  const rest = carry + decoder.end();
  if (rest !== '' && !skipping) emit(cut(rest));
}

/** The first `n` lines (the sample a format is detected from), reading no further than needed. */
export async function readFirstLines(path: string, n: number): Promise<string[]> {
  const out: string[] = [];
  const stop = new Error('enough');
  try {
    await readLines(path, (line) => {
      out.push(line);
      // Thrown through the stream loop, which closes the file; caught just below.
      if (out.length >= n) throw stop;
    });
  } catch (err) {
    if (err !== stop) throw err;
  }
  return out;
}
