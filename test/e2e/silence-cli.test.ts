import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

// `checkup silence` as a user runs it, against real Redis under a test prefix.
describe('checkup silence', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-silence-'));
  const config = join(dir, 'checkup.yml');
  writeFileSync(config, `redis:\n  url: ${TEST_REDIS_URL}\n  prefix: ${prefix}\n  embedded: false\ndataDir: ${join(dir, 'data')}\nlog:\n  level: silent\n`);
  const run = (args: string[], env: Record<string, string | undefined> = {}) => {
    const merged: Record<string, string | undefined> = { ...process.env, USER: 'ops-user', ...env };
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    // Asynchronous, so the test worker stays responsive while the CLI runs.
    const child = spawn(process.execPath, [...CLI, '--config', config, 'silence', ...args], { env: merged, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (status) => resolve({ status, stdout: stdout.trim(), stderr: stderr.trim() })),
    );
  };
  afterAll(async () => cleanupPrefix(prefix));

  it('adds (printing the id), lists, expires, and keeps the history of who did what', async () => {
    const added = await run(['add', '--match', 'host=web-1', '--match', 'rule=~mem-.*', '--duration', '2h', '--comment', 'kernel update', '--author', 'alice']);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^[0-9a-f-]{36}$/);
    const id = added.stdout;
    // No --author: $USER.
    const second = await run(['add', '--match', 'check=pg', '--duration', '30m', '--comment', 'failover']);
    expect(second.status, second.stderr).toBe(0);

    const list = await run(['list']);
    expect(list.status).toBe(0);
    const line = list.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line).toMatch(/ active +host=web-1 rule=~mem-\.\* /);
    expect(line).toContain('by alice at');
    expect(line).toContain('"kernel update"');
    const json = JSON.parse((await run(['list', '--json'])).stdout) as Array<{ id: string; createdBy: string; state: string; to: number; from: number }>;
    expect(json.map((s) => [s.createdBy, s.state]).sort()).toEqual([
      ['alice', 'active'],
      ['ops-user', 'active'],
    ]);
    expect(json.find((s) => s.id === id)!.to - json.find((s) => s.id === id)!.from).toBe(7_200_000);

    const expired = await run(['expire', id, '--author', 'carol']);
    expect(expired.status, expired.stderr).toBe(0);
    expect(expired.stdout).toBe(`expired ${id}`);
    const again = await run(['expire', id]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^checkup: silence ${id} already ended at \\S+$`));
    expect((await run(['list'])).stdout).not.toContain(id);
    const history = (await run(['list', '--all'])).stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(history).toMatch(/ expired +host=web-1/);
    expect(history).toContain('expired by carol at');
  });

  it('exits 2 with one line for bad input, 1 for an unknown id, never a stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['add', '--duration', '2h', '--comment', 'x'], /^checkup: --match: give at least one matcher/],
      [['add', '--match', 'host', '--duration', '2h', '--comment', 'x'], /^checkup: --match #1: "host" is not a matcher/],
      [['add', '--match', 'host=~(a|aa)+', '--duration', '2h', '--comment', 'x'], /^checkup: --match #1: regex .*catastrophic backtracking/],
      [['add', '--match', 'host=~.*', '--duration', '2h', '--comment', 'x'], /^checkup: --match: every matcher also matches an empty value/],
      [['add', '--match', 'host=a', '--duration', '120d', '--comment', 'x'], /^checkup: --duration: a silence lasts from 1m to 90d \(got 120d\)$/],
      [['add', '--match', 'host=a', '--duration', '2h'], /^checkup: --comment: must not be empty$/],
      [['add', '--match', 'host=a', '--duration', '2h', '--comment', 'evil \u001b[2J'], /^checkup: --comment: must not contain control characters$/],
      [['add', '--match', 'host=a', '--end', 'next week', '--comment', 'x'], /^checkup: --end: invalid time "next week"/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const emptyAuthor = await run(['add', '--match', 'host=a', '--duration', '2h', '--comment', 'x', '--author', ' ']);
    expect(emptyAuthor.status).toBe(2);
    expect(emptyAuthor.stderr).toBe('checkup: --author: must not be empty');
    // cron, `su -c` and containers often set neither $USER nor $LOGNAME: the OS account is recorded.
    const noUser = await run(['add', '--match', 'host=a', '--duration', '2h', '--comment', 'x'], { USER: undefined, LOGNAME: undefined });
    expect(noUser.status, noUser.stderr).toBe(0);
    const listed = await run(['list', '--json']);
    const made = (JSON.parse(listed.stdout) as { id: string; createdBy: string }[]).find((s) => s.id === noUser.stdout);
    expect(made?.createdBy).toBe(userInfo().username);
    expect((await run(['expire', noUser.stdout], { USER: undefined, LOGNAME: undefined })).status).toBe(0);
    const unknown = await run(['expire', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('checkup: no silence "00000000-0000-4000-8000-000000000000"');
  });
});
