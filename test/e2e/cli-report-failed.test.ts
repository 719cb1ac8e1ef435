import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../utils/redis.js';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const run = (args: string[]) => spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

/**
 * Seen in a new-user run: `report --wait --json` on a failed render exited 1 with
 * {"status":"failed"} and the reason only inside a JSON log line on stderr, while the README
 * promises every failure as one `checkup: <reason>` line on stderr. A real CLI process renders in
 * itself (no worker) with a Chromium that does not exist.
 */
describe('checkup report --wait on a failed render', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(join(tmpdir(), 'checkup-cli-failed-'));
  const config = join(dir, 'checkup.yml');
  writeFileSync(
    config,
    `redis:\n  url: ${TEST_REDIS_URL}\n  prefix: ${prefix}\n  embedded: false\ndataDir: ${join(dir, 'data')}\nrender:\n  executablePath: /opt/nowhere/chromium\n`,
  );
  afterAll(async () => cleanupPrefix(prefix));

  it('says why on one checkup: line on stderr, with the JSON answer unchanged on stdout', () => {
    const r = run(['--config', config, 'report', 'daily', '--wait', '--json']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^\{[^\n]*\}\n$/);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    // The documented keys, as they were.
    expect(Object.keys(out).sort()).toEqual(['html', 'id', 'messageId', 'pdf', 'status']);
    expect(out.status).toBe('failed');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('checkup: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^checkup: report ${String(out.id)} failed: .*/opt/nowhere/chromium`));

    const plain = run(['--config', config, 'report', 'daily', '--wait']);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toMatch(/^report daily-\S+: failed/);
    expect(plain.stderr.split('\n').filter((l) => l.startsWith('checkup: '))).toEqual([expect.stringMatching(/^checkup: report daily-\S+ failed: /)]);
  });
});
