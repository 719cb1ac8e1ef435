/**
 * Real logins against a real sshd (Debian's openssh-server, `-D -E <log>`, own host key and
 * config, on a loopback port), driven with the real `ssh` client (passwords through SSH_ASKPASS):
 * wrong passwords up to MaxAuthTries, an invalid user, a DenyUsers refusal, hostile usernames, a
 * root key refused by PermitRootLogin, and an accepted key login after an unknown key was offered
 * (sshd logs "Failed publickey" for it: not a failure). Then real sudo and su as unprivileged users
 * and real account changes, logged through a real rsyslogd. sshd's btmp/wtmp/utmp are compared
 * with lastb/last/who. Everything runs in the sandbox of test/utils/auth-sandbox.ts (root only:
 * it needs a mount namespace; the host's accounts and logs are never touched).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syslogParser } from '../../../src/logs/parse/index.js';
import { scanAuthFile } from '../../../src/security/auth/scan-auth-log.js';
import { currentLogins, failedLoginRecords, loginHistory } from '../../../src/security/logins/login-history.js';
import { localLivenessProbe } from '../../../src/security/logins/session-liveness.js';
import { parseUtmp } from '../../../src/security/logins/utmp.js';
import { missingTools, startAuthSandbox, type AuthSandbox } from '../../utils/auth-sandbox.js';
import { isoSeconds, lastbRecords, lastSessions, ourFailed, ourSessions, whoRecords } from '../../utils/login-tools.js';
import { runCli } from '../../utils/run-cli.js';

const isRoot = process.getuid?.() === 0;
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

async function until(check: () => boolean, what: string | (() => string), ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const read = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

describe.skipIf(!isRoot)('auth signals from a real sshd, sudo, su and rsyslog (root: needs a mount namespace)', () => {
  let box: AuthSandbox;
  let keys: string;
  let ssh: (args: string[], opts?: { user?: string; password?: boolean; prompts?: number }) => void;

  beforeAll(async () => {
    const missing = missingTools();
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run scripts/setup.sh --for-tests`);
    box = await startAuthSandbox({ sshdConfig: 'DenyUsers denied\nMaxAuthTries 3' });
    keys = `${box.dir}/keys`;
    mkdirSync(keys);
    for (const k of ['good', 'unknown']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', `${keys}/${k}`]);
    writeFileSync(`${keys}/askpass`, '#!/bin/sh\necho wrong-password\n');
    chmodSync(`${keys}/askpass`, 0o755);
    const setup = [
      'for u in alice denied bob carol; do useradd -m $u; done',
      "printf 'alice:Sesame-42\\nbob:Bob-pw-42\\ncarol:Carol-pw-42\\n' | chpasswd",
      `echo 'carol ALL=(ALL) ALL' > /etc/sudoers.d/carol && chmod 440 /etc/sudoers.d/carol`,
      `mkdir -p /home/alice/.ssh /root/.ssh && cp ${keys}/good.pub /home/alice/.ssh/authorized_keys && cp ${keys}/good.pub /root/.ssh/authorized_keys`,
      'chown -R alice:alice /home/alice/.ssh && chmod 700 /home/alice/.ssh /root/.ssh',
    ].join(' && ');
    expect(box.inside(['sh', '-c', setup]).status).toBe(0);
    const env = { ...process.env, SSH_ASKPASS: `${keys}/askpass`, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' };
    ssh = (args, opts = {}) => {
      // The user goes through a config file: the client refuses shell metacharacters in -l/user@.
      writeFileSync(
        `${keys}/config`,
        `Host box\n  HostName 127.0.0.1\n  Port ${box.port}\n  User "${opts.user ?? 'alice'}"\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n`,
      );
      const auth = opts.password
        ? ['-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', `NumberOfPasswordPrompts=${opts.prompts ?? 1}`]
        : ['-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes'];
      spawnSync('ssh', ['-F', `${keys}/config`, ...auth, ...args, 'box', 'true'], { env, stdio: 'ignore', timeout: 30_000 });
    };
    ssh([], { user: 'alice', password: true, prompts: 5 });
    ssh([], { user: 'nosuch', password: true });
    ssh([], { user: 'denied', password: true });
    ssh([], { user: SCRIPT, password: true });
    ssh([], { user: IMG, password: true });
    ssh(['-i', `${keys}/good`], { user: 'root' });
    ssh(['-tt', '-i', `${keys}/unknown`, '-i', `${keys}/good`], { user: 'alice' });
    await until(
      () =>
        /Accepted publickey for alice/.test(read(box.sshdLog)) &&
        /Received disconnect from 127\.0\.0\.1 port \d+:11: disconnected by user/.test(read(box.sshdLog)),
      () => `the key login to end in:\n${read(box.sshdLog)}`,
    );
  }, 120_000);

  afterAll(() => box?.stop());

  it('counts failed logins, sources and users in the sshd log (bare -E lines)', async () => {
    const { summary } = await scanAuthFile(box.sshdLog, { parse: syslogParser().parse, keepEvents: true });
    // sshd cuts a logged username at "/" (its log says "<script>alert(1)<"): we keep what it logged.
    const script = SCRIPT.slice(0, SCRIPT.indexOf('/'));
    expect(readFileSync(box.sshdLog, 'utf8')).toContain(`Invalid user ${script} from 127.0.0.1`);
    // alice: 3 wrong passwords (MaxAuthTries 3); one each for nosuch, denied and the two hostile
    // names; root: its key was refused by PermitRootLogin (logged as Failed publickey).
    expect(summary.failedLogins.total).toBe(8);
    expect(summary.failedLogins.bySource).toEqual([{ source: '127.0.0.1', count: 8, users: expect.any(Array) }]);
    expect(new Set(summary.failedLogins.bySource[0]!.users)).toEqual(new Set(['alice', 'nosuch', 'denied', script, IMG, 'root']));
    expect(Object.fromEntries(summary.failedLogins.byUser.map((u) => [u.user, u.count]))).toEqual({
      alice: 3,
      nosuch: 1,
      denied: 1,
      [script]: 1,
      [IMG]: 1,
      root: 1,
    });
    expect(summary.acceptedLogins).toEqual([{ user: 'alice', source: '127.0.0.1', method: 'publickey', time: null }]);
    const kinds = (k: string) => summary.events!.filter((e) => e.kind === k).map((e) => e.user);
    expect(kinds('invalid-user')).toEqual(['nosuch', script, IMG]);
    expect(kinds('refused-login')).toEqual(['alice', 'denied', 'root']);
    expect(kinds('failed-login')).toEqual(['alice', 'alice', 'alice', 'nosuch', 'denied', script, IMG, 'root']);
    // The unknown key offered before the good one: logged as Failed publickey, reported as nothing.
    const log = readFileSync(box.sshdLog, 'utf8').split('\n');
    const offered = log.findIndex((l) => l.startsWith('Failed publickey for alice'));
    expect(offered).toBeGreaterThan(0);
    expect(summary.events!.some((e) => e.line === offered + 1)).toBe(false);
  });

  it('prints the same through `checkup security scan --json --events`, with the hostile names raw', async () => {
    const r = await runCli(['security', 'scan', '--file', box.sshdLog, '--json', '--events']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { failedLogins: { total: number; byUser: { user: string }[] }; events: unknown[] };
    expect(out.failedLogins.total).toBe(8);
    expect(out.failedLogins.byUser.map((u) => u.user)).toContain(IMG);
    const text = await runCli(['security', 'scan', '--file', box.sshdLog]);
    expect(text.stdout).toContain('Failed logins: 8 from 1 source');
  });

  it("sshd's btmp and wtmp read as lastb and last read them; utmp as who", async () => {
    const btmp = parseUtmp(readFileSync(box.files.btmp)).records;
    expect(btmp.length).toBeGreaterThanOrEqual(7);
    expect(ourFailed(failedLoginRecords(btmp))).toEqual(lastbRecords(box.files.btmp));
    expect(new Set(failedLoginRecords(btmp).map((r) => r.host))).toEqual(new Set(['127.0.0.1']));
    // The logout record follows the disconnect by a moment.
    await until(() => parseUtmp(readFileSync(box.files.wtmp)).records.some((r) => r.type === 'dead-process'), 'the wtmp logout record');
    const wtmp = parseUtmp(readFileSync(box.files.wtmp)).records;
    const sessions = loginHistory(wtmp, { isAlive: localLivenessProbe() }).sessions;
    expect(sessions.map((s) => [s.user, s.host, s.end])).toEqual([['alice', '127.0.0.1', 'logout']]);
    expect(ourSessions(sessions)).toEqual(lastSessions(box.files.wtmp));
    // A session held open (the config still names alice, from the key login): utmp lists it, as `who` does.
    const env = { ...process.env };
    const open = spawn('ssh', ['-F', `${keys}/config`, '-tt', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-i', `${keys}/good`, 'box', 'sleep 30'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      await until(() => currentLogins(parseUtmp(readFileSync(box.files.utmp)).records).length > 0, 'a utmp login');
      const now = currentLogins(parseUtmp(readFileSync(box.files.utmp)).records);
      expect(now.map((c) => [c.user, c.host])).toEqual([['alice', '127.0.0.1']]);
      expect(now.map((c) => `${c.user}|${c.line}|${isoSeconds(c.login).slice(0, 16).replace('T', ' ')}|${c.host}`)).toEqual(whoRecords(box.files.utmp));
    } finally {
      open.kill('SIGTERM');
    }
  });

  it('reads real sudo, su and account changes logged through rsyslog', async () => {
    box.inside(['runuser', '-u', 'bob', '--', 'sudo', '-S', '-k', '-p', '', '/usr/bin/true'], 'wrong\n');
    box.inside(['runuser', '-u', 'carol', '--', 'sudo', '-S', '-k', '-p', '', '/usr/bin/true'], 'wrong\n');
    box.inside(['runuser', '-u', 'carol', '--', 'sudo', '-S', '-k', '-p', '', '/usr/bin/id', '-u'], 'Carol-pw-42\n');
    box.inside(['runuser', '-u', 'carol', '--', 'su', '-c', 'true', '-', 'root'], 'wrong\n');
    box.inside(['sh', '-c', 'useradd erin && usermod -aG adm erin && userdel erin']);
    await until(() => /delete user 'erin'/.test(read(box.authLog)) && /FAILED SU/.test(read(box.authLog)), 'rsyslog to write the lines');
    const { summary } = await scanAuthFile(box.authLog, { parse: syslogParser().parse, keepEvents: true });
    expect(summary.sudo.map(({ time: _t, ...s }) => s)).toEqual([
      { user: 'bob', runAs: 'root', command: '/usr/bin/true', ok: false },
      { user: 'carol', runAs: 'root', command: '/usr/bin/true', ok: false },
      { user: 'carol', runAs: 'root', command: '/usr/bin/id -u', ok: true },
      { user: 'carol', runAs: 'root', command: null, ok: false },
    ]);
    expect(summary.sudo.every((s) => s.time !== null && Math.abs(Date.parse(s.time) - Date.now()) < 600_000)).toBe(true);
    const accounts = summary.events!.filter((e) => e.kind === 'account-change').map((e) => e.user);
    expect(accounts).toEqual(expect.arrayContaining(['alice', 'bob', 'carol', 'denied', 'erin']));
    // new user, added to adm, deleted, removed from adm (its group's lines name no user)
    expect(accounts.filter((u) => u === 'erin')).toHaveLength(4);
  });
});
