/**
 * `checkup security scan|ports|files|logins` as a user runs them: the JSON contracts (exact keys)
 * and attacker-chosen bytes that cannot break the text output. Bad usage: cli-bad-usage.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOGHUB_DIR } from '../utils/loghub.js';
import { runCli, runCliAll } from '../utils/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-security-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
const keys = (o: unknown): string[] => Object.keys(o as object).sort();

describe('checkup security scan', () => {
  it('keeps the JSON contract on the LogHub OpenSSH set (gzip read as is)', async () => {
    const gz = join(dir, 'auth.log.gz');
    copyFileSync(`${LOGHUB_DIR}OpenSSH_2k.log.gz`, gz);
    const [plain, withEvents] = await runCliAll([[], ['--events']], (extra) => ({ args: ['security', 'scan', '--file', gz, '--json', ...extra] }));
    expect(plain!.status).toBe(0);
    const out = lastJson(plain!.stdout);
    expect(keys(out)).toEqual(['acceptedLogins', 'failedLogins', 'sudo']);
    const failed = out['failedLogins'] as { total: number; bySource: unknown[]; byUser: unknown[] };
    expect(keys(failed)).toEqual(['bySource', 'byUser', 'total']);
    expect(failed.total).toBeGreaterThan(500);
    expect(keys(failed.bySource[0])).toEqual(['count', 'source', 'users']);
    expect(keys(failed.byUser[0])).toEqual(['count', 'user']);
    expect((out['acceptedLogins'] as unknown[]).map(keys)).toEqual([['method', 'source', 'time', 'user']]);
    const ev = lastJson(withEvents!.stdout);
    expect(keys(ev)).toEqual(['acceptedLogins', 'events', 'failedLogins', 'sudo']);
    const events = ev['events'] as { line: number; kind: string }[];
    expect(keys(events[0])).toEqual(['kind', 'line', 'source', 'time', 'user']);
    expect(events[0]!.line).toBeGreaterThanOrEqual(1);
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['failed-login', 'invalid-user', 'refused-login', 'accepted-login']));
  });

  it('prints hostile usernames escaped in text and raw in JSON', async () => {
    const log = join(dir, 'hostile.log');
    const user = '\u001b[31mx\ry\u202ez';
    writeFileSync(
      log,
      `Dec  7 10:00:00 h sshd[7]: Invalid user ${user} from 192.0.2.9 port 22\nDec  7 10:00:01 h sshd[7]: Connection closed by 192.0.2.9 port 22 [preauth]\n`,
    );
    const [text, json] = await runCliAll([[], ['--json']], (extra) => ({ args: ['security', 'scan', '--file', log, ...extra] }));
    // eslint-disable-next-line no-control-regex -- the point: no raw ESC, CR or bidi override reaches the terminal
    expect(text!.stdout).not.toMatch(/[\u001b\r\u202e]/);
    expect(text!.stdout).toContain('\\x1b[31mx\\ry\\u{202e}z');
    const out = lastJson(json!.stdout) as { failedLogins: { byUser: { user: string }[] } };
    expect(out.failedLogins.byUser[0]!.user).toBe(user);
  });
});

describe('checkup security ports|files|logins', () => {
  const watched = join(dir, 'watched.conf');
  writeFileSync(watched, 'a = 1\n');
  const config = join(dir, 'checkup.yml');
  writeFileSync(
    config,
    `dataDir: ${join(dir, 'data')}\nsecurity:\n  ports: { allow: [tcp/22] }\n  files: { defaults: false, watch: ["${watched}"], homeFiles: [] }\n`,
  );

  it('ports: snapshot, baseline and changes as documented', async () => {
    const first = await runCli(['--config', config, 'security', 'ports', '--json']);
    expect(first.status).toBe(0);
    const a = lastJson(first.stdout) as { snapshot: { sockets: unknown[] }; baseline: { time: unknown; saved: boolean; location: string }; changes: unknown[] };
    expect(keys(a)).toEqual(['baseline', 'changes', 'snapshot']);
    expect(keys(a.snapshot)).toEqual(['ownersComplete', 'sockets', 'time']);
    expect(keys(a.snapshot.sockets[0])).toEqual([
      'address',
      'allowed',
      'exposed',
      'family',
      'inode',
      'ownerKnown',
      'port',
      'processes',
      'proto',
      'scope',
      'uid',
      'user',
    ]);
    expect(a.baseline).toEqual({ location: join(dir, 'data', 'security', 'ports.json'), time: null, saved: true });
    const second = lastJson((await runCli(['--config', config, 'security', 'ports', '--json'])).stdout) as typeof a;
    expect(second.baseline.time).toEqual(expect.any(String));
    expect(second.baseline.saved).toBe(false);
  });

  it('files: a changed file is named with its time, and the text says so', async () => {
    const first = lastJson((await runCli(['--config', config, 'security', 'files', '--json'])).stdout) as { snapshot: { files: unknown[] } };
    expect(keys(first.snapshot)).toEqual(['cut', 'files', 'time']);
    expect(keys(first.snapshot.files[0])).toEqual([
      'ctime',
      'error',
      'gid',
      'group',
      'linkTarget',
      'mode',
      'mtime',
      'owner',
      'path',
      'sha256',
      'size',
      'status',
      'type',
      'uid',
    ]);
    writeFileSync(watched, 'a = 2\n');
    const [json, text] = await runCliAll([['--json'], []], (extra) => ({ args: ['--config', config, 'security', 'files', ...extra] }));
    const changes = (lastJson(json!.stdout) as { changes: Record<string, unknown>[] }).changes;
    expect(changes).toEqual([
      { path: watched, change: 'modified', fields: ['content'], changedAt: expect.stringMatching(/^\d{4}-/), detectedAt: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(text!.stdout).toMatch(new RegExp(`modified\\s+${watched.replace(/[.]/g, '\\.')}\\s+content`));
  });

  it('logins: says which record files it could not read', async () => {
    const cfg = join(dir, 'logins.yml');
    writeFileSync(
      cfg,
      `dataDir: ${join(dir, 'data')}\nsecurity:\n  logins: { utmp: ${join(dir, 'no-utmp')}, wtmp: ${join(dir, 'no-wtmp')}, btmp: ${join(dir, 'no-btmp')} }\n`,
    );
    const [json, text] = await runCliAll([['--json'], []], (extra) => ({ args: ['--config', cfg, 'security', 'logins', ...extra] }));
    const out = lastJson(json!.stdout);
    expect(keys(out)).toEqual(['current', 'failed', 'files', 'history']);
    expect(out['current']).toBeNull();
    expect(text!.stdout).toContain(`Logged in now: unknown: ${join(dir, 'no-utmp')} is missing`);
  });
});
