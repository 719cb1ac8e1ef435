import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnScript, type WatchedChild } from '../../utils/child-lines.js';

// The tailer runs in a child process (test/utils/log-tail-process.ts) that appends each batch's
// lines to an output file and then commits, as the agent will store counts and then positions.

let dir: string;
const children: WatchedChild[] = [];
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'checkup-tailproc-'))));
afterEach(() => {
  for (const c of children.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const numbered = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');
const outLines = (file: string): number[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => Number(l.split(' ')[1]))
    : [];

function startTail(cfg: Record<string, unknown>, opts: { uid?: number } = {}): WatchedChild {
  const env = {
    ...process.env,
    CHECKUP_TAIL: JSON.stringify({ id: 'app', interval: 20, maxLineBytes: 4096, readBytesPerTick: 8192, rotateWait: 300, ...cfg }),
  };
  const c = spawnScript('test/utils/log-tail-process.ts', [], { env, ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}) });
  children.push(c);
  return c;
}

async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the tailer as its own process', () => {
  it('SIGKILLed after storing a batch but before committing it: that one batch comes again, nothing is skipped', async () => {
    const log = join(dir, 'app.log');
    const out = join(dir, 'out.txt');
    writeFileSync(log, numbered(1, 3000));
    const cfg = { paths: [log], positions: join(dir, 'positions'), out };
    const first = startTail({ ...cfg, holdAfterBatch: 3 });
    await first.waitFor('held 3');
    first.child.kill('SIGKILL');
    await first.exited;
    const committed = [...first.stdout().matchAll(/^batch \d+ (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const beforeKill = outLines(out);
    expect(beforeKill.length).toBeGreaterThan(committed);

    const second = startTail(cfg);
    await until(() => outLines(out).length >= beforeKill.length + (3000 - committed), 'the restarted tailer to catch up');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const all = outLines(out);
    // Exactly the uncommitted batch is delivered twice; then every line once, in order.
    expect(all.slice(0, beforeKill.length)).toEqual(Array.from({ length: beforeKill.length }, (_, i) => i + 1));
    expect(all.slice(beforeKill.length)).toEqual(Array.from({ length: 3000 - committed }, (_, i) => committed + i + 1));
  });

  it('SIGKILLed at an arbitrary moment while a writer appends: no line lost, at most one batch again', async () => {
    const log = join(dir, 'app.log');
    const out = join(dir, 'out.txt');
    writeFileSync(log, '');
    const writer = spawnScript('test/utils/log-writer-process.ts', [log, '600', '1800']);
    children.push(writer);
    const cfg = { paths: [log], positions: join(dir, 'positions'), out };
    const first = startTail(cfg);
    await first.waitFor('ready');
    await until(() => outLines(out).length > 400, 'some lines read');
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startTail(cfg);
    await writer.waitFor('done');
    await until(() => new Set(outLines(out)).size >= 1800, 'every line', 20_000);
    second.child.kill('SIGTERM');
    await second.exited;
    const all = outLines(out);
    expect([...new Set(all)].sort((a, b) => a - b)).toEqual(Array.from({ length: 1800 }, (_, i) => i + 1));
    // A batch is at most readBytesPerTick (8 KB) of ~50-byte lines, so at most ~170 lines come twice.
    const twice = all.length - new Set(all).size;
    expect(twice).toBeLessThanOrEqual(Math.ceil(8192 / 'line 1 '.length));
  });

  it('an unreadable file (as an unprivileged user): one warning, a retry, and its lines once it is readable', async () => {
    chmodSync(dir, 0o755);
    const log = join(dir, 'app.log');
    writeFileSync(log, numbered(1, 3), { mode: 0o600 });
    const work = join(dir, 'work');
    mkdirSync(work, { mode: 0o777 });
    chmodSync(work, 0o777);
    const out = join(work, 'out.txt');
    const tail = startTail({ paths: [log], positions: join(work, 'positions'), out, interval: 50 }, { uid: 65534 });
    await tail.waitFor('ready');
    await until(() => tail.stderr().includes('EACCES'), 'the warning');
    await new Promise((r) => setTimeout(r, 500)); // ten more reads: still one warning
    chmodSync(log, 0o644);
    appendFileSync(log, numbered(4, 4));
    await until(() => outLines(out).length === 4, 'the lines after chmod');
    tail.child.kill('SIGTERM');
    await tail.exited;
    const warnings = tail
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"level":40'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cannot read ${log} (EACCES); retrying every interval`);
    expect(tail.stderr()).toContain(`${log} is readable now`);
    expect(outLines(out)).toEqual([1, 2, 3, 4]);
  });
});
