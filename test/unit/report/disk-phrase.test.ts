import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ForecastResult } from '../../../src/analyze/index.js';
import { phraseDisk } from '../../../src/report/model/forecasts.js';

const en = JSON.parse(readFileSync('templates/locales/en.json', 'utf8')) as Record<string, string>;
const zh = { ...en, ...(JSON.parse(readFileSync('templates/locales/zh-CN.json', 'utf8')) as Record<string, string>) };
const NOW = Date.UTC(2026, 10, 20);
const STEP = 6 * 3_600_000;
/** Disk forecasts step 6 hours ahead; a crossing is reported at the step where the band first reaches 100%. */
const crossing = (steps: number) => ({ steps, timestamp: NOW + steps * STEP });
const result = (eta: number, earliest: number, latest: number) =>
  ({
    ets: 'ETS(A,A,N)',
    levelShift: null,
    threshold: { value: 100, direction: 'up', horizon: 120, eta: crossing(eta), earliest: crossing(earliest), latest: crossing(latest) },
  }) as unknown as ForecastResult;
const collapsed = /(\d+(?:\.\d+)?)\s*–\s*\1(?!\d)/;

describe('disk forecast sentences', () => {
  it('keep an ordinary range as it is', () => {
    expect(phraseDisk({ host: 'web-1', mount: '/var', now: NOW, result: result(36, 28, 48), strings: en }).sentence).toBe(
      'Disk /var on web-1 full in 9 days (80%: 7–12)',
    );
  });

  it('never print "6.5–6.5": both ends in one 6-hour step are shown one step apart', () => {
    const s = phraseDisk({ host: 'web-1', mount: '/var', now: NOW, result: result(26, 26, 26), strings: zh }).sentence;
    expect(s).not.toMatch(collapsed);
    expect(s).toBe('web-1 上的磁盘 /var 将在 6.5 天后写满（80%：6.3–6.5 天）');
  });

  it('never print "26–26 days": a decimal more tells the ends apart', () => {
    const s = phraseDisk({ host: 'web-1', mount: '/data', now: NOW, result: result(104, 104, 104), strings: en }).sentence;
    expect(s).not.toMatch(collapsed);
    expect(s).toBe('Disk /data on web-1 full in 26 days (80%: 25.8–26)');
  });
});
