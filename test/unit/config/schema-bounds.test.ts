import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_TIMER_MS } from '../../../src/config/primitives.js';
import { ZConfig } from '../../../src/config/schema.js';

type Leaf = { path: string; schema: z.ZodType };

// zod 4 keeps every schema's definition under _zod.def; walking it finds every leaf of the config.
type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const accepts = (s: z.ZodType, v: unknown) => {
  const r = s.safeParse(v);
  return r.success && typeof r.data === 'number';
};
const isDuration = (s: z.ZodType) => ['100ms', '1s', '1h', '1d', '1w', '2147483647ms'].some((v) => accepts(s, v)) && !accepts(s, '1KB');
const isBytes = (s: z.ZodType) => ['1KB', '1MB', '1GB'].some((v) => accepts(s, v)) && !accepts(s, '1s');

function walk(schema: z.ZodType, path: string, out: { durations: Leaf[]; bytes: Leaf[]; ints: Leaf[]; floats: Leaf[] }): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return walk(def.innerType as z.ZodType, path, out);
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, path ? `${path}.${k}` : k, out);
      return;
    case 'array':
      return walk(def.element as z.ZodType, `${path}[]`, out);
    case 'record':
      return walk(def.valueType as z.ZodType, `${path}.*`, out);
    case 'union':
      for (const [i, option] of (def.options as z.ZodType[]).entries()) {
        const shape = defOf(option).type === 'object' ? (defOf(option).shape as Record<string, z.ZodType>) : {};
        const tag = ['type', 'kind'].map((k) => shape[k]).find((v) => v && defOf(v).type === 'literal');
        const name = tag ? String((defOf(tag).values as unknown[])[0]) : String(i);
        walk(option, (def.options as unknown[]).length > 1 ? `${path}<${name}>` : path, out);
      }
      return;
    case 'pipe':
      if (isDuration(schema)) return void out.durations.push({ path, schema });
      if (isBytes(schema)) return void out.bytes.push({ path, schema });
      walk(def.in as z.ZodType, path, out);
      return;
    case 'number': {
      const n = schema as z.ZodNumber;
      (n.isInt ? out.ints : out.floats).push({ path, schema });
      return;
    }
    default:
      return;
  }
}

const leaves = { durations: [] as Leaf[], bytes: [] as Leaf[], ints: [] as Leaf[], floats: [] as Leaf[] };
walk(ZConfig, '', leaves);

/** Durations that never reach a timer (ages compared with stored times; the delivery deadline caps
 * backoffs of at most deliver.maxBackoff) may be longer than 2^31-1 ms. */
const NOT_TIMERS =
  /^(deliver\.deadline|retention\.(raw|minute|hour)|reports\.\*\.(retention|catchUp)|archive\.retention|alerts\.rules\[\]<(check|forecast)>\.(window|within|resolveWithin|lookback)|alerts\.repeatInterval|alerts\.maintenance\[\]\.duration|checks\[\]<[a-z]+>\.restart\.budget\.window|checks\[\]<[a-z]+>\.restart\.backoff\.max)$/;
/** Durations where 0 means "off" or "at once". Everywhere else 0 is refused. */
const ZERO_ALLOWED = /^(reports\.\*\.catchUp|alerts\.rules\[\]<[a-z-]+>\.(for|keepFiringFor)|alerts\.groupWait|checks\[\]<[a-z]+>\.restart\.grace)$/;

describe('every duration, size and count in the config schema has a sane range', () => {
  it('finds the schema leaves (the walk itself works)', () => {
    expect(leaves.durations.length).toBeGreaterThan(50);
    expect(leaves.durations.map((d) => d.path)).toEqual(
      expect.arrayContaining([
        'render.timeout',
        'agent.interval',
        'jobs.lockDuration',
        'jobs.stalledInterval',
        'retention.raw',
        'alerts.evaluateEvery',
        'checks[]<http>.timeout',
      ]),
    );
    expect(leaves.bytes.map((d) => d.path)).toEqual(
      expect.arrayContaining(['agent.spoolMaxBytes', 'mail.maxMessageBytes', 'checks[]<http>.maxBodyBytes', 'checks[]<command>.maxOutputBytes']),
    );
    expect(leaves.ints.length).toBeGreaterThan(15);
  });

  it.each(leaves.durations.map((d) => [d.path, d.schema] as const))('%s: bounded, documented, never 999999999999999999999d', (path, schema) => {
    expect(schema.safeParse('999999999999999999999d').success).toBe(false);
    expect(schema.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(false);
    expect(schema.safeParse(-1).success).toBe(false);
    expect(z.globalRegistry.get(schema)?.description ?? '').toMatch(/from .+ to .+/);
    if (!NOT_TIMERS.test(path)) expect(schema.safeParse(MAX_TIMER_MS + 1).success, `${path} feeds a timer: at most 2^31-1 ms`).toBe(false);
    if (!ZERO_ALLOWED.test(path)) {
      expect(schema.safeParse(0).success, `${path} must refuse 0`).toBe(false);
      expect(schema.safeParse('0s').success, `${path} must refuse 0s`).toBe(false);
    }
  });

  it.each(leaves.bytes.map((d) => [d.path, d.schema] as const))('%s: a size with a minimum and a maximum', (path, schema) => {
    expect(schema.safeParse(0).success, path).toBe(false);
    expect(schema.safeParse('1000000GB').success, path).toBe(false);
    expect(z.globalRegistry.get(schema)?.description ?? '').toMatch(/from .+ to .+/);
  });

  it.each(leaves.ints.map((d) => [d.path, d.schema as z.ZodNumber] as const))('%s: a count with both bounds', (_path, schema) => {
    expect(Number.isFinite(schema.minValue)).toBe(true);
    expect(Number.isFinite(schema.maxValue)).toBe(true);
  });

  it.each(leaves.floats.map((d) => [d.path, d.schema] as const))('%s: finite', (_path, schema) => {
    expect(schema.safeParse(Infinity).success).toBe(false);
    expect(schema.safeParse(Number.NaN).success).toBe(false);
  });
});
