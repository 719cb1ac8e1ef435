/**
 * The whole way, with real parts: a real sshd (test/utils/auth-sandbox.ts) gets failed logins,
 * one with a hostile username; a real agent process reads sshd's log through its log pipeline and
 * writes the security store; a report is rendered to PDF by real Chromium, and pdftotext shows the
 * counts and the name as the attacker typed it (text, not markup).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import { renderReport } from '../../src/report/render-report.js';
import { buildReportRequest } from '../../src/report/request-factory.js';
import { silentLogger } from '../../src/shared/logger.js';
import { logAgentConfig, startAgentProcess, type AgentProcess } from '../utils/agent-process.js';
import { missingTools, startAuthSandbox, type AuthSandbox } from '../utils/auth-sandbox.js';
import { pdfText } from '../utils/pdf.js';
import { cleanupPrefix, TEST_REDIS_URL, testPrefix } from '../utils/redis.js';
import { testConfig } from '../utils/test-config.js';

const isRoot = process.getuid?.() === 0;
const IMG = '<img src=x onerror=alert(1)>';
const HOST = 'sshd-e2e';

describe.skipIf(!isRoot)('security end to end: real sshd, real agent, real PDF (root: the sandbox needs a mount namespace)', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-sec-e2e-'));
  let box: AuthSandbox;
  let agent: AgentProcess;
  let rt: AppRuntime;

  beforeAll(async () => {
    const missing = missingTools();
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run scripts/setup.sh --for-tests`);
    box = await startAuthSandbox({ sshdConfig: 'MaxAuthTries 3' });
    expect(box.inside(['sh', '-c', "useradd -m alice && echo 'alice:Sesame-42' | chpasswd"]).status).toBe(0);
    writeFileSync(join(dir, 'askpass'), '#!/bin/sh\necho wrong-password\n', { mode: 0o755 });
    const env = { ...process.env, SSH_ASKPASS: join(dir, 'askpass'), SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' };
    const ssh = (user: string, prompts: number) => {
      // Through a config file: the client refuses shell metacharacters in a user on its command line.
      writeFileSync(
        join(dir, 'ssh_config'),
        `Host box\n  HostName 127.0.0.1\n  Port ${box.port}\n  User "${user}"\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n`,
      );
      const opts = ['-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', `NumberOfPasswordPrompts=${prompts}`];
      spawnSync('ssh', ['-F', join(dir, 'ssh_config'), ...opts, 'box', 'true'], { env, stdio: 'ignore', timeout: 30_000 });
    };
    ssh('alice', 5);
    ssh('nosuch', 1);
    ssh(IMG, 1);

    const raw = {
      ...logAgentConfig({
        dataDir: join(dir, 'agent'),
        redisUrl: TEST_REDIS_URL,
        prefix,
        host: HOST,
        files: [{ name: 'sshd', paths: [box.sshdLog], format: 'auto', startAt: 'beginning' }],
      }),
      security: { auth: { sources: ['sshd'] }, interval: '10s', files: { defaults: false, homeFiles: [] } },
    };
    agent = startAgentProcess({ dir, raw });
    await agent.waitForLog('agent started');
    const config = testConfig({
      prefix,
      raw: { reports: { daily: { period: 'day', template: 'host', timezone: 'UTC', recipients: { to: ['ops@example.test'] } } } },
    });
    rt = createRuntime({ config, log: silentLogger(), redisUrl: TEST_REDIS_URL });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const p = await rt.deps.security.period({ host: HOST, from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
      if (p.failedTotal >= 5) break;
      if (Date.now() > deadline)
        throw new Error(`the agent stored ${p.failedTotal} failed logins: ${agent.log().slice(-3000)}\n${readFileSync(box.sshdLog, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 180_000);

  afterAll(async () => {
    await agent?.stop();
    await rt?.close();
    box?.stop();
    await cleanupPrefix(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores what sshd logged, and the PDF shows the counts and the hostile name as text', async () => {
    const p = await rt.deps.security.period({ host: HOST, from: Date.now() - 3_600_000, to: Date.now() + 60_000 });
    // alice: 3 wrong passwords (MaxAuthTries 3); nosuch and the hostile name: one each.
    expect(p.failedTotal).toBe(5);
    expect(p.sources).toMatchObject([{ source: '127.0.0.1', count: 5 }]);
    expect(new Set(p.sources[0]!.users)).toEqual(new Set(['alice', 'nosuch', IMG]));
    expect(Object.fromEntries(p.users.map((u) => [u.user, u.count]))).toEqual({ alice: 3, nosuch: 1, [IMG]: 1 });
    expect(p.auth).toMatchObject({ sources: ['sshd'], problem: null });
    // The agent's own snapshots: this machine's listening sockets (sshd's loopback port among them) and utmp.
    const ports = await rt.deps.security.latestPorts(HOST);
    expect(ports?.sockets.some((s) => s.port === box.port && s.address === '127.0.0.1')).toBe(true);
    expect(p.ports?.since).toBeLessThanOrEqual(Date.now());
    expect(p.logins).not.toBeNull();

    const request = buildReportRequest({ config: rt.deps.config, name: 'daily', trigger: 'adhoc', at: Date.now(), adhoc: { hosts: [HOST] } });
    const { archiveId } = await renderReport({ deps: rt.deps, request, progress: async () => undefined });
    const entry = (await rt.deps.archive.get(archiveId))!;
    const html = (await rt.deps.archive.readFile(entry, 'html'))!.toString('utf8');
    expect(html).not.toContain(IMG);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, (await rt.deps.archive.readFile(entry, 'pdf'))!);
    const text = pdfText(pdf);
    expect(text).toContain('5 failed logins from 1 sources.');
    expect(text).toMatch(/127\.0\.0\.1\s+5\s+3\s/);
    expect(text).toContain(IMG);
    expect(text).toMatch(/alice\s+3/);
    expect(text).toMatch(/\d+ exposed of \d+ listening sockets/);
  });
});
