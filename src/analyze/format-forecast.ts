/**
 * Output of `checkup forecast`: the JSON object other tools script against (shape fixed by the CLI
 * contract), and the readable table with a one-line summary.
 */
import { describeTimeToThreshold } from './describe-threshold.js';
import type { ThresholdCrossing } from './threshold.js';
import type { ForecastResult } from './types.js';

export type ForecastJsonPoint = { timestamp: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number };

export type ForecastJson = {
  model: string;
  params: { alpha: number; beta: number | null; gamma: number | null; phi: number | null };
  aicc: number | null;
  season: number;
  forecast: ForecastJsonPoint[];
  threshold?: { value: number; eta: string | null; earliest: string | null; latest: string | null };
};

const iso = (ms: number): string => new Date(ms).toISOString();
const crossingIso = (c: ThresholdCrossing | null): string | null => (c && c.timestamp !== null ? iso(c.timestamp) : null);
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The method in a few characters for sentences and alerts: the ETS form ("ETS(A,Ad,N)") when the
 * forecast is ETS on the series, else the method ("mstl(48,336)+ets(A,N,N)", "snaive(336)").
 */
export function describeMethod(result: Pick<ForecastResult, 'model' | 'ets'>): string {
  return /^[a-z-]+$/.test(result.model) ? result.ets : result.model;
}

export function forecastToJson(result: ForecastResult): ForecastJson {
  const out: ForecastJson = {
    model: result.model,
    params: { ...result.params },
    aicc: finite(result.aicc),
    season: result.season,
    forecast: result.forecast.map((p) => ({
      timestamp: p.timestamp === null ? String(p.step) : iso(p.timestamp),
      mean: p.mean,
      lo80: p.lo80,
      hi80: p.hi80,
      lo95: p.lo95,
      hi95: p.hi95,
    })),
  };
  if (result.threshold) {
    const t = result.threshold;
    out.threshold = { value: t.value, eta: crossingIso(t.eta), earliest: crossingIso(t.earliest), latest: crossingIso(t.latest) };
  }
  return out;
}

/** Four significant digits, without exponent noise for everyday magnitudes. */
function num(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '-';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(abs >= 1000 ? 7 : 4)).toString();
}

export function formatForecastTable(result: ForecastResult, options: { stepMs?: number } = {}): string {
  const header = ['timestamp', 'mean', 'lo80', 'hi80', 'lo95', 'hi95'];
  const rows = result.forecast.map((p) => [
    p.timestamp === null ? `+${p.step}` : iso(p.timestamp),
    num(p.mean),
    num(p.lo80),
    num(p.hi80),
    num(p.lo95),
    num(p.hi95),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  const params = Object.entries(result.params)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${num(v)}`)
    .join(' ');
  const notes: string[] = [];
  if (result.levelShift)
    notes.push(`fitted after a level shift at ${result.levelShift.timestamp !== null ? iso(result.levelShift.timestamp) : `index ${result.levelShift.at}`}`);
  if (result.seasonDropped) notes.push('season dropped: too little data');
  if (result.anomalies.length > 0) notes.push(`${result.anomalies.length} anomal${result.anomalies.length === 1 ? 'y' : 'ies'}`);
  const seasons = result.seasons.length > 1 ? `seasons ${result.seasons.join(',')}` : `season ${result.season}`;
  let summary = `${result.model} ${result.ets}, ${seasons}, ${params}, AICc ${num(result.aicc)}, ${result.intervals} intervals`;
  if (notes.length > 0) summary += `; ${notes.join('; ')}`;
  if (result.threshold) summary += `; ${describeTimeToThreshold({ threshold: result.threshold, stepMs: options.stepMs })}`;
  return [line(header), ...rows.map(line), '', summary].join('\n');
}
