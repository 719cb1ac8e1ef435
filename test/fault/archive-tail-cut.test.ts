import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForReport } from '../../src/cli/commands/wait-for-report.js';
import { freePort } from '../utils/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../utils/smtp-sink.js';
import { fleetStack, type FleetStack } from '../utils/fleet-stack.js';
import { figure } from '../utils/figure.js';

type Run = { status: number | null; stdout: string; stderr: string };

// #12 item 3: `sed -i '$d' manifest.jsonl` used to leave `archive verify` saying "archive OK".
// The chain head is anchored in Redis and in the delivery ledger and printed in every report
// email, so a cut tail is named, by Redis or by a recipient's copy of the mail.
describe('archive verify sees a cut tail', () => {
  let sink: SmtpSink;
  let stack: FleetStack;
  afterAll(async () => {
    await stack?.close();
    await sink?.close();
  });

  // Not spawnSync: the SMTP sink lives in this process.
  const cli = (raw: object, ...args: string[]) =>
    new Promise<Run>((resolve) => {
      const file = join(stack.dataDir, `checkup-${Math.random().toString(36).slice(2)}.yml`);
      writeFileSync(file, JSON.stringify(raw));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--config', file, ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });

  it('names the missing entry from the anchor in Redis, and from the head in a report email without Redis', async () => {
    sink = await startSmtpSink();
    stack = await fleetStack({ smtpUrl: sink.url, hosts: 1, days: 1 });
    await stack.worker();
    for (let i = 0; i < 2; i++) {
      const request = await stack.enqueueWeekly();
      expect((await waitForReport({ reports: stack.rt.deps.reports, id: request.id, timeoutMs: 120_000 })).status).toBe('delivered');
    }
    const ok = await cli(stack.raw, 'archive', 'verify');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('archive OK: 2 entries, chain and files intact');

    const manifest = join(stack.dataDir, 'archive', 'manifest.jsonl');
    await new Promise<void>((resolve, reject) => spawn('sed', ['-i', '$d', manifest]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`sed ${c}`)))));

    const cut = await cli(stack.raw, 'archive', 'verify');
    expect(cut.stdout).not.toContain('archive OK');
    expect(cut.status).toBe(1);
    figure('archive tail cut', { verifyExit: cut.status, namedMissing: /entries #2 are missing/.test(cut.stdout) });
    expect(cut.stdout).toContain('archive FAILED verification: 1 problem(s) in 1 entries');
    expect(cut.stdout).toMatch(
      /entries #2 are missing: the chain head anchored in Redis is #2 \([0-9a-f]{12}…\) but the manifest ends at #1 \(its tail was cut\)/,
    );
    // The clean run had said what it checked against: the anchor and both deliveries.
    expect(ok.stdout).toContain('checked against the head anchored in Redis (#2) and 2 witness(es)');

    await sink.waitFor(2);
    // The footer of the second mail, text and HTML, carries the chain head as it was when sent.
    const second = sink.messages[1]!.parsed;
    const m = /chain head when this mail was sent: #(\d+) ([0-9a-f]{64})/.exec(second.text ?? '');
    expect(m?.[1]).toBe('2');
    const head = `${m![1]}:${m![2]}`;
    expect(String(second.html)).toContain(m![2]);
    expect(second.text).toContain(`checkup archive verify --head ${head}`);

    // Without Redis (its anchor gone or out of reach), the recipient's copy of the head still tells.
    const noRedis = { ...stack.raw, redis: { url: `redis://127.0.0.1:${await freePort()}`, prefix: stack.prefix, embedded: false } };
    const blind = await cli(noRedis, 'archive', 'verify');
    expect(blind.status).toBe(0);
    expect(blind.stdout).toContain('archive OK: 1 entries');
    expect(blind.stdout).toContain('note: Redis is not answering');
    expect(blind.stdout).toContain('a cut tail cannot be seen');
    const witnessed = await cli(noRedis, 'archive', 'verify', '--head', head);
    expect(witnessed.status).toBe(1);
    expect(witnessed.stdout).toMatch(
      /entry #2, which the --head you gave \(#2\) saw as the chain head \([0-9a-f]{12}…\), is missing: the manifest ends at #1 \(its tail was cut\)/,
    );
    const bad = await cli(noRedis, 'archive', 'verify', '--head', 'yesterday');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
