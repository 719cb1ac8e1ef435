/** The offline line reader on real files: chunk edges, multi-byte characters, CRLF, gzip, caps. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readFirstLines, readLines } from '../../../src/security/auth/read-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHUNK = 1 << 20;

async function lines(path: string, max?: number): Promise<string[]> {
  const out: string[] = [];
  await readLines(path, (l) => out.push(l), max === undefined ? {} : { maxLineChars: max });
  return out;
}

describe('readLines', () => {
  it('keeps a multi-byte character cut by a chunk edge whole, after and before all-ASCII chunks', async () => {
    // An ASCII first chunk, then a line whose "é" (2 bytes) and "用" (3 bytes) straddle the next edge.
    const first = `${'a'.repeat(CHUNK - 1)}\n`;
    const second = `${'b'.repeat(CHUNK - 1)}é用户 <script>\n`;
    const path = join(dir, 'utf8.log');
    writeFileSync(path, `${first}${second}tail no newline`);
    const got = await lines(path, 4 * CHUNK);
    expect(got.map((l) => l.length)).toEqual([CHUNK - 1, CHUNK - 1 + 12, 15]);
    expect(got[1]!.endsWith('bé用户 <script>')).toBe(true);
    expect(got[2]).toBe('tail no newline');
  });

  it('drops CR of CRLF, reads gzip, cuts long lines and skips their rest', async () => {
    const gz = join(dir, 'auth.log.2.gz');
    writeFileSync(gz, gzipSync(`one\r\n${'x'.repeat(5000)}\nthree\n`));
    expect((await lines(gz, 100)).map((l) => (l.length > 10 ? `${l[0]}×${l.length}` : l))).toEqual(['one', 'x×100', 'three']);
    // A line longer than a whole chunk: cut, and the lines after it still read.
    const long = join(dir, 'long.log');
    writeFileSync(long, `${'y'.repeat(3 * CHUNK)}\nafter\n`);
    expect((await lines(long, 10)).map((l) => (l.length > 6 ? `${l[0]}×${l.length}` : l))).toEqual(['y×10', 'after']);
  });

  it('reads only the sample it needs', async () => {
    const path = join(dir, 'many.log');
    writeFileSync(path, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    expect(await readFirstLines(path, 3)).toEqual(['line 0', 'line 1', 'line 2']);
    await expect(readFirstLines(join(dir, 'nope'), 3)).rejects.toThrow(/ENOENT/);
  });
});
