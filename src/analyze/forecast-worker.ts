/**
 * Worker-thread entry of the forecast pool (forecast-pool.ts): runs forecastSeries on what the pool
 * sends and answers with the result or the error, by task id. Pure computation, no I/O.
 */
import { parentPort } from 'node:worker_threads';
import { forecastSeries } from './forecast-series.js';
import { toWireResult, type WireInput, type WireResult } from './forecast-wire.js';

export type ForecastTask = { id: number; input: WireInput };
export type ForecastReply = { id: number; ok?: WireResult; error?: { name: string; message: string } };

parentPort?.on('message', (task: ForecastTask) => {
  try {
    const { wire, transfer } = toWireResult(forecastSeries(task.input));
    parentPort?.postMessage({ id: task.id, ok: wire } satisfies ForecastReply, transfer);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort?.postMessage({ id: task.id, error: { name: e.name, message: e.message } } satisfies ForecastReply);
  }
});
