import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { sanitizeHostname } from '../../src/config/load-config.js';
import { createHostRepo } from '../../src/fleet/host-repo.js';
import { pdfText } from '../utils/pdf.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });

// The CLI as a user runs it: exit codes, messages, and the first report end to end.
describe('checkup CLI', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-cli-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await cleanupPrefix(prefix);
  });

  it('prints its version and help, and exits 2 on unknown commands', () => {
    expect(run(['--version']).stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    for (const c of ['start', 'agent', 'worker', 'web', 'report', 'config', 'archive', 'deliveries', 'simulate', 'forecast', 'logs'])
      expect(help.stdout).toContain(c);
    expect(run(['report', '--help']).stdout).toContain('--wait');
    expect(run(['no-such-command']).status).toBe(2);
    expect(run(['report']).status).toBe(2);
  });

  it('config check: every error with its path and value, exit 2; the example file passes', () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'reports:\n  daily:\n    schedule: "61 * * * *"\n    timezone: Mars/Base\n    extra: 1\nagent:\n  interval: soon\n');
    const r = run(['config', 'check', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('reports.daily.schedule: invalid cron expression "61 * * * *"');
    // One line per problem, each "checkup: <file>: <path>: <reason>".
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^checkup: .*bad\.yml: \S+: /);
    expect(r.stderr).toContain('reports.daily.timezone: unknown IANA time zone "Mars/Base"');
    expect(r.stderr).toContain('reports.daily.extra: unknown key');
    expect(r.stderr).toContain('agent.interval: invalid duration "soon"');
    const yamlError = join(dir, 'broken.yml');
    writeFileSync(yamlError, 'reports:\n  daily: [unclosed\n');
    expect(run(['config', 'check', yamlError]).stderr).toMatch(/broken\.yml:\d+/);
    const ok = run(['config', 'check', 'checkup.example.yml']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('config OK');
  });

  it('report daily --wait --json names a PDF that exists and holds this host', async () => {
    const config = join(dir, 'checkup.yml');
    writeFileSync(
      config,
      `redis:\n  url: ${TEST_REDIS_URL}\n  prefix: ${prefix}\n  embedded: false\ndataDir: ${join(dir, 'data')}\nlog:\n  level: silent\nagent:\n  interval: 1s\n`,
    );
    const agent = spawn(process.execPath, [...CLI, '--config', config, 'agent'], { stdio: 'ignore' });
    children.push(agent);
    // The report wants a few seconds of this host's samples: wait until the agent has written them.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const hosts = createHostRepo({ redis, prefix });
      const span = async () => {
        const h = await hosts.get(sanitizeHostname(hostname()));
        return h?.firstSeen != null && h.lastSeen != null ? h.lastSeen - h.firstSeen : -1;
      };
      await expect.poll(span, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(4_000);
    } finally {
      redis.disconnect();
    }
    const r = run(['--config', config, 'report', 'daily', '--wait', '--json']);
    expect(r.status, r.stderr).toBe(0);
    // stdout holds the answer and nothing else; stderr (not a terminal here) holds no progress.
    expect(r.stdout).toMatch(/^\{[^\n]*\}\n$/);
    expect(r.stderr).not.toMatch(/\r|%/);
    const out = JSON.parse(r.stdout) as { id: string; status: string; pdf: string; html: string; messageId: string };
    expect(Object.keys(out).sort()).toEqual(['html', 'id', 'messageId', 'pdf', 'status']);
    expect(out.status).toBe('delivered');
    expect(existsSync(out.pdf)).toBe(true);
    expect(pdfText(out.pdf)).toContain(sanitizeHostname(hostname()));
    expect(out.messageId).toMatch(/^<report-/);

    // Without --json the progress line is for a terminal only: none on a pipe, the summary on stdout.
    const plain = run(['--config', config, 'report', 'daily', '--wait']);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^report daily-\S+: delivered\n/);
    expect(plain.stderr).not.toMatch(/\r|\d+%/);
    for (const line of plain.stderr.split('\n').filter((l) => l.startsWith('{'))) expect(() => JSON.parse(line)).not.toThrow();

    const verify = run(['--config', config, 'archive', 'verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('archive OK: 2 entries');
    const ledger = run(['--config', config, 'deliveries', '--report', out.id]);
    expect(ledger.stdout).toMatch(/generated[\s\S]*rendered[\s\S]*archived[\s\S]*sent/);

    // The built-in defaults mail a weekly fleet report too: it works on the same fresh setup.
    const weekly = run(['--config', config, 'report', 'weekly', '--wait', '--json']);
    expect(weekly.status, weekly.stderr).toBe(0);
    const w = JSON.parse(weekly.stdout) as { id: string; status: string; pdf: string };
    expect(w.status).toBe('delivered');
    const text = pdfText(w.pdf);
    expect(text).toContain('Weekly report');
    expect(text).toContain('Contents');
  });
});
