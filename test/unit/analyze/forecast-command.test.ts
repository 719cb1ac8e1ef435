import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forecastCommand } from '../../../src/cli/commands/forecast.command.js';
import { createRng } from '../../../src/analyze/prng.js';

const dir = mkdtempSync(join(tmpdir(), 'checkup-forecast-'));
const T0 = Date.parse('2024-06-01T00:00:00Z');
const HOUR = 3_600_000;

function csvFile(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

const rng = createRng(2);
const good = csvFile(
  'good.csv',
  [
    'timestamp,value',
    ...Array.from(
      { length: 24 * 14 },
      (_, i) => `${new Date(T0 + i * HOUR).toISOString()},${i === 40 ? '' : (60 + 0.05 * i + 5 * Math.sin((2 * Math.PI * i) / 24) + rng.normal()).toFixed(3)}`,
    ),
  ].join('\n'),
);

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]): Promise<Command> => forecastCommand().parseAsync(args, { from: 'user' });

describe('checkup forecast', () => {
  it('--json prints exactly one object of the contract shape', async () => {
    await run(['--csv', good, '--horizon', '6', '--threshold', '100', '--json']);
    expect(process.exitCode).toBeUndefined();
    expect(out.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['model', 'params', 'aicc', 'season', 'forecast', 'threshold']);
    expect(['ses', 'holt', 'damped', 'hw-add', 'hw-mul']).toContain(json.model);
    expect(Object.keys(json.params as object)).toEqual(['alpha', 'beta', 'gamma', 'phi']);
    expect(typeof json.aicc).toBe('number');
    expect(json.season).toBe(24);
    const forecast = json.forecast as Array<Record<string, unknown>>;
    expect(forecast).toHaveLength(6);
    for (const p of forecast) {
      expect(Object.keys(p)).toEqual(['timestamp', 'mean', 'lo80', 'hi80', 'lo95', 'hi95']);
      expect(p.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    expect(forecast[0]?.timestamp).toBe(new Date(T0 + 24 * 14 * HOUR).toISOString());
    expect(Object.keys(json.threshold as object)).toEqual(['value', 'eta', 'earliest', 'latest']);
    expect((json.threshold as { value: number }).value).toBe(100);
  });

  it('keeps unused params as null and omits threshold when not asked', async () => {
    await run(['--csv', good, '--model', 'ses', '--json']);
    const json = JSON.parse(out) as { model: string; params: Record<string, unknown>; forecast: unknown[] };
    expect(json.model).toBe('ses');
    expect(json.params).toMatchObject({ beta: null, gamma: null, phi: null });
    expect('threshold' in json).toBe(false);
    expect(json.forecast).toHaveLength(24);
  });

  it('prints a table and a one-line summary without --json', async () => {
    await run(['--csv', good, '--horizon', '3', '--season', '24', '--threshold', '1000']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^timestamp\s+mean\s+lo80\s+hi80\s+lo95\s+hi95$/);
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/season 24.*does not reach 1000 within/);
  });

  it('--seasons names several periods and the model field names the method; --season auto detects', async () => {
    // Three weeks of hours with quieter weekends.
    const weeks = csvFile(
      'weeks.csv',
      [
        'timestamp,value',
        ...Array.from(
          { length: 24 * 21 },
          (_, i) =>
            `${new Date(T0 + i * HOUR).toISOString()},${(50 + 5 * Math.sin((2 * Math.PI * i) / 24) - (i % 168 >= 120 ? 8 : 0) + rng.normal()).toFixed(3)}`,
        ),
      ].join('\n'),
    );
    await run(['--csv', weeks, '--horizon', '4', '--seasons', '24,168', '--json']);
    const json = JSON.parse(out) as { model: string; season: number; forecast: unknown[] };
    expect(Object.keys(json)).toEqual(['model', 'params', 'aicc', 'season', 'forecast']);
    expect(json.season).toBe(168);
    expect(json.model).toMatch(/^(mstl\(24,168(;log)?\)\+ets\([AM],(N|A|Ad),N\)|snaive\((24|168)\)|mean\(.+\))$/);
    out = '';
    await run(['--csv', weeks, '--horizon', '4', '--season', 'auto', '--json']);
    expect((JSON.parse(out) as { season: number }).season).toBe(168);
    out = '';
    await run(['--csv', good, '--horizon', '4', '--season', 'auto', '--json']);
    expect((JSON.parse(out) as { season: number }).season).toBe(24);
  });

  it('--threshold-limit bounds how far the crossing is looked for, whatever the horizon', async () => {
    await run(['--csv', good, '--horizon', '2', '--threshold', '90', '--json']);
    const far = JSON.parse(out) as { threshold: { eta: string | null }; forecast: Array<{ timestamp: string }> };
    // Its daily peaks reach about 82 and rise 0.05 an hour: 90 is about a week away, past the 2 steps shown.
    expect(far.threshold.eta).not.toBeNull();
    expect(Date.parse(far.threshold.eta as string)).toBeGreaterThan(Date.parse(far.forecast[1]?.timestamp as string));
    out = '';
    await run(['--csv', good, '--horizon', '2', '--threshold', '1000', '--threshold-limit', '2w']);
    expect(out.trim().split('\n').at(-1)).toMatch(/does not reach 1000 within 14 days/);
  });

  it('exit 2 for bad --season, --seasons and --threshold-limit', async () => {
    await run(['--csv', good, '--season', '24', '--seasons', '24,168']);
    expect(err).toBe('checkup: give --season or --seasons, not both\n');
    await run(['--csv', good, '--seasons', '24,x']);
    expect(err).toMatch(/--seasons must be a comma-separated list of integers of at least 2, got "24,x"/);
    await run(['--csv', good, '--threshold', '1', '--threshold-limit', '5m']);
    expect(err).toMatch(/--threshold-limit must be a duration from 1h to 10y \(e\.g\. 90d, 1y\), got "5m"/);
    await run(['--csv', good, '--season', 'weekly']);
    expect(err).toMatch(/--season must be a positive integer, got "weekly" \(or auto to detect\)/);
    expect(process.exitCode).toBe(2);
  });

  it('exit 2 with line numbers for unparsable rows', async () => {
    await run(['--csv', csvFile('bad.csv', 'timestamp,value\n2024-01-01T00:00:00Z,1\nnope,2\n2024-01-01T02:00:00Z,x\n'), '--json']);
    expect(process.exitCode).toBe(2);
    expect(err).toBe('checkup: unparsable rows at lines 3, 4 (expected "timestamp,value")\n');
    expect(out).toBe('');
  });

  it('exit 2 for non-monotonic timestamps', async () => {
    await run(['--csv', csvFile('order.csv', 'timestamp,value\n1000,1\n3000,2\n2000,3\n')]);
    expect(process.exitCode).toBe(2);
    expect(err).toMatch(/^checkup: timestamps must increase: line 4 is not after line 3/);
  });

  it('exit 2 for too few points for the requested model', async () => {
    const short = csvFile('short.csv', ['timestamp,value', ...Array.from({ length: 20 }, (_, i) => `${i * HOUR},${i}`)].join('\n'));
    await run(['--csv', short, '--model', 'hw-add', '--season', '24']);
    expect(process.exitCode).toBe(2);
    expect(err).toMatch(/^checkup: too few points for model hw-add: 20 observations/);
  });

  it('exit 2 for bad options and unreadable files', async () => {
    await run(['--csv', good, '--model', 'arima']);
    expect(err).toMatch(/--model must be one of auto\|ses\|holt\|damped\|hw-add\|hw-mul/);
    await run(['--csv', join(dir, 'missing.csv')]);
    expect(err).toMatch(/cannot read .*missing\.csv: ENOENT/);
    await run(['--csv', good, '--horizon', '0']);
    expect(err).toMatch(/--horizon must be a positive integer/);
    expect(process.exitCode).toBe(2);
  });

  it('under the main program too, bad input is one line and exit 2, not a rejection', async () => {
    const program = new Command('checkup').addCommand(forecastCommand());
    await program.parseAsync(['forecast', '--csv', join(dir, 'missing.csv')], { from: 'user' });
    expect(process.exitCode).toBe(2);
    expect(err).toMatch(/^checkup: cannot read .*missing\.csv: ENOENT\n$/);
    await program.parseAsync(['forecast'], { from: 'user' });
    expect(err).toMatch(/checkup: --csv FILE is required\n$/);
  });
});
