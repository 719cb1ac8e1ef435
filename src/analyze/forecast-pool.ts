/**
 * Forecasts on worker threads. A fleet report fits thousands of series and each fit is pure CPU, so
 * they spread across cores; the main thread keeps serving Redis and the job lock meanwhile.
 * Workers start on demand and stop after a quiet spell, so an idle report worker holds no extra heaps.
 * `threads: 0` runs forecasts in-process (the same results: the engine is deterministic).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ForecastDataError } from './errors.js';
import { forecastSeries } from './forecast-series.js';
import type { ForecastReply, ForecastTask } from './forecast-worker.js';
import { fromWireResult, toWireInput } from './forecast-wire.js';
import type { ForecastInput, ForecastResult } from './types.js';

export type Forecaster = {
  forecast(input: ForecastInput): Promise<ForecastResult>;
  close(): Promise<void>;
};

/** Default pool size: every core, up to 4 (beyond that Redis reads, not fits, bound a report). */
export function defaultForecastThreads(): number {
  return Math.min(4, availableParallelism());
}

/** Tasks handed to one worker at once: the next is queued there while it answers the previous one. */
const IN_FLIGHT = 2;
/** Consecutive worker deaths after which the pool gives up on threads and forecasts in-process. */
const MAX_CRASHES = 3;

type Pending = { task: ForecastTask; transfer: ArrayBuffer[]; resolve: (r: ForecastResult) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; running: Map<number, Pending> };

/** The default thread. From the sources (tests, tsx) the worker is TypeScript: load it through tsx's loader. */
export function spawnForecastWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./forecast-worker.js', here));
  const pkgPath = createRequire(here).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = new URL(pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs', pathToFileURL(pkgPath)).href;
  const entry = new URL('./forecast-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`, { eval: true });
}

function toError(e: { name: string; message: string }): Error {
  if (e.name === 'ForecastDataError') return new ForecastDataError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export type ForecastPoolOptions = {
  /** Worker threads; 0 forecasts in-process. Default: defaultForecastThreads(). */
  threads?: number;
  /** Quiet time after which the threads stop (they start again on the next forecast). */
  idleMs?: number;
  /** How a thread is started (default spawnForecastWorker); tests pass a thread that dies, or one they watch. */
  spawnWorker?: () => Worker;
};

export function createForecastPool(opts: ForecastPoolOptions = {}): Forecaster & { readonly threads: number } {
  const threads = Math.max(0, Math.floor(opts.threads ?? defaultForecastThreads()));
  const idleMs = opts.idleMs ?? 30_000;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let crashes = 0;
  let closed = false;
  let idleTimer: NodeJS.Timeout | null = null;

  const inline = (input: ForecastInput): Promise<ForecastResult> => {
    try {
      return Promise.resolve(forecastSeries(input));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const stopAll = async (): Promise<void> => {
    const all = slots.splice(0);
    for (const s of all) for (const p of s.running.values()) p.reject(new Error('forecast pool is closed'));
    await Promise.all(all.map((s) => s.worker.terminate()));
  };

  const armIdle = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (queue.length > 0 || slots.some((s) => s.running.size > 0)) return;
    idleTimer = setTimeout(() => void stopAll(), idleMs);
    idleTimer.unref();
  };

  const drop = (slot: Slot, why: Error): void => {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    crashes++;
    for (const p of slot.running.values()) p.reject(why);
    slot.running.clear();
    // Queued tasks did not run yet: hand them to a new worker, or in-process once threads keep dying.
    pump();
  };

  const addSlot = (): Slot => {
    const slot: Slot = { worker: (opts.spawnWorker ?? spawnForecastWorker)(), running: new Map() };
    slot.worker.on('message', (reply: ForecastReply) => {
      const p = slot.running.get(reply.id);
      if (!p) return;
      slot.running.delete(reply.id);
      crashes = 0;
      if (reply.error) p.reject(toError(reply.error));
      else if (reply.ok) p.resolve(fromWireResult(reply.ok));
      pump();
    });
    slot.worker.on('error', (err) => drop(slot, new Error(`forecast worker failed: ${err.message}`)));
    slot.worker.on('exit', (code) => drop(slot, new Error(`forecast worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  function pump(): void {
    while (queue.length > 0) {
      if (closed || crashes >= MAX_CRASHES) {
        const p = queue.shift() as Pending;
        (closed ? Promise.reject(new Error('forecast pool is closed')) : inline(p.task.input)).then(p.resolve, p.reject);
        continue;
      }
      let slot = slots.reduce<Slot | null>((best, s) => (best === null || s.running.size < best.running.size ? s : best), null);
      if ((slot === null || slot.running.size > 0) && slots.length < threads) {
        try {
          slot = addSlot();
        } catch {
          // No thread can start here (e.g. the sources without tsx): forecast in-process from now on.
          crashes = MAX_CRASHES;
          continue;
        }
      }
      if (slot === null || slot.running.size >= IN_FLIGHT) break;
      const p = queue.shift() as Pending;
      slot.running.set(p.task.id, p);
      slot.worker.postMessage(p.task, p.transfer);
    }
    // A worker with nothing to do must not keep the process alive.
    for (const s of slots) {
      if (s.running.size > 0) s.worker.ref();
      else s.worker.unref();
    }
    armIdle();
  }

  return {
    threads,
    forecast(input) {
      if (threads === 0) return inline(input);
      return new Promise<ForecastResult>((resolve, reject) => {
        const { wire, transfer } = toWireInput(input);
        queue.push({ task: { id: nextId++, input: wire }, transfer, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      pump();
      await stopAll();
    },
  };
}
