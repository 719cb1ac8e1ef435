/**
 * How forecasts cross between threads. Structured cloning a result's few hundred point objects cost
 * more main-thread time than the messaging itself (about 0.3 ms each way for 288 steps); as columns
 * of one Float64Array they move without a copy, and rebuilding the objects is a tight loop.
 */
import { toFloat64 } from './stats.js';
import type { ForecastInput, ForecastPoint, ForecastResult } from './types.js';

export type WireInput = Omit<ForecastInput, 'values' | 'timestamps'> & { values: Float64Array; timestamps?: Float64Array };
export type WireResult = { result: Omit<ForecastResult, 'forecast'>; points: Float64Array };

const COLUMNS = 7;

/** The input with its series as typed arrays (missing as NaN), and the buffers to transfer. */
export function toWireInput(input: ForecastInput): { wire: WireInput; transfer: ArrayBuffer[] } {
  const { values: raw, timestamps: ts, ...rest } = input;
  const values = toFloat64(raw);
  const timestamps = ts ? new Float64Array(ts.length) : undefined;
  for (let i = 0; timestamps && i < timestamps.length; i++) timestamps[i] = ts?.[i] as number;
  const wire: WireInput = { ...rest, values, ...(timestamps ? { timestamps } : {}) };
  return { wire, transfer: [values.buffer, ...(timestamps ? [timestamps.buffer] : [])] as ArrayBuffer[] };
}

export function toWireResult(r: ForecastResult): { wire: WireResult; transfer: ArrayBuffer[] } {
  const { forecast, ...rest } = r;
  const points = new Float64Array(forecast.length * COLUMNS);
  forecast.forEach((p, i) => {
    points.set([p.step, p.timestamp ?? Number.NaN, p.mean, p.lo80, p.hi80, p.lo95, p.hi95], i * COLUMNS);
  });
  return { wire: { result: rest, points }, transfer: [points.buffer as ArrayBuffer] };
}

export function fromWireResult(w: WireResult): ForecastResult {
  const { points } = w;
  const forecast: ForecastPoint[] = [];
  for (let o = 0; o < points.length; o += COLUMNS) {
    const ts = points[o + 1] as number;
    forecast.push({
      step: points[o] as number,
      timestamp: ts === ts ? ts : null,
      mean: points[o + 2] as number,
      lo80: points[o + 3] as number,
      hi80: points[o + 4] as number,
      lo95: points[o + 5] as number,
      hi95: points[o + 6] as number,
    });
  }
  return { ...w.result, forecast };
}
