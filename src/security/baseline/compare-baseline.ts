/**
 * A snapshot against its baseline: load (validated), diff, and save when asked or when there was
 * none (the first look becomes the baseline, and says so).
 */
import type { z } from 'zod';
import { BaselineError, type BaselineStore } from './baseline-store.js';

export type BaselineInfo = {
  /** Where it is kept. */
  location: string;
  /** When the baseline snapshot was taken; null when there was none before this run. */
  time: number | null;
  /** This run's snapshot became the baseline: there was none, or `update` asked for it. */
  saved: boolean;
};

export type Compared<S, C> = { snapshot: S; baseline: BaselineInfo; changes: C[] };

export async function compareWithBaseline<S extends { time: number }, C>(opts: {
  store: BaselineStore;
  name: string;
  schema: z.ZodType;
  snapshot: S;
  diff: (before: S, after: S) => C[];
  update: boolean;
}): Promise<Compared<S, C>> {
  const { store, name, snapshot } = opts;
  const raw = await store.load(name);
  let before: S | null = null;
  if (raw !== null) {
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new BaselineError(
        `the ${name} baseline ${store.describe(name)} is not a ${name} snapshot (at ${where || 'its top'}); move it away to start a new one`,
      );
    }
    before = parsed.data as S;
  }
  const changes = before ? opts.diff(before, snapshot) : [];
  const saved = before === null || opts.update;
  if (saved) await store.save(name, snapshot);
  return { snapshot, baseline: { location: store.describe(name), time: before?.time ?? null, saved }, changes };
}
