/** Loads the fixtures derived from R by scripts/fixtures/derive-forecast-fixtures.R. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/forecast/', import.meta.url));

export type RSeries = {
  name: string;
  frequency: number;
  trainLength: number;
  horizon: number;
  values: number[];
  ets: { method: string; aicc: number; loglik: number; mase: number; mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] };
  snaiveMase: number;
};

export function loadRSeries(): RSeries[] {
  return (JSON.parse(readFileSync(`${dir}r-ets-reference.json`, 'utf8')) as { series: RSeries[] }).series;
}

export type RHoltWinters = { alpha: number; beta: number; gamma: number; sse: number; level: number; trend: number; seasonal: number[]; predict24: number[] };

export function loadCo2(): { values: number[]; reference: RHoltWinters } {
  const rows = readFileSync(`${dir}co2.csv`, 'utf8').trim().split('\n').slice(1);
  const values = rows.map((line) => Number(line.split(',')[1]));
  return { values, reference: JSON.parse(readFileSync(`${dir}co2-holtwinters.json`, 'utf8')) as RHoltWinters };
}

/** MASE with the in-sample (seasonal) naive scale, as forecast::accuracy and the R script compute it. */
export function mase(forecast: ArrayLike<number>, actual: ArrayLike<number>, train: ArrayLike<number>, m: number): number {
  let scale = 0;
  for (let i = m; i < train.length; i++) scale += Math.abs((train[i] as number) - (train[i - m] as number));
  scale /= train.length - m;
  let mae = 0;
  for (let i = 0; i < actual.length; i++) mae += Math.abs((actual[i] as number) - (forecast[i] as number));
  return mae / actual.length / scale;
}

/** Figures the tests report (MASE table, coverage): written to stdout so they land in the test log. */
export function report(text: string): void {
  process.stdout.write(`${text}\n`);
}
