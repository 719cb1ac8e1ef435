const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Tick steps a reader counts in: whole hours that divide a day, then whole days. */
const STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];

/** Local wall-clock hour and day number of an instant in a time zone. */
type Local = { hour: number; day: number; minute: number };

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function localOf(t: number, timezone: string): Local {
  let f = partsFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    partsFormatters.set(timezone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { hour: p.hour ?? 0, minute: p.minute ?? 0, day: Math.floor(Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1) / DAY) };
}

const cache = new Map<string, number[]>();

/**
 * Instants for the time axis's labels: on local hour or midnight boundaries in the report's zone,
 * as far apart as a label needs (`minGapPx`). Every chart of a report shares its axis, so the ticks
 * are worked out once per axis and kept.
 */
export function timeTicks(opts: { from: number; to: number; widthPx: number; minGapPx: number; timezone: string }): number[] {
  const key = `${opts.from}|${opts.to}|${opts.widthPx}|${opts.minGapPx}|${opts.timezone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const span = Math.max(1, opts.to - opts.from);
  const need = (span * opts.minGapPx) / Math.max(1, opts.widthPx);
  const step = STEPS.find((s) => s >= need) ?? (STEPS[STEPS.length - 1] as number);
  const ticks: number[] = [];
  // Whole UTC hours are whole local hours in every zone but a few half-hour ones, which keep hourly ticks.
  for (let t = Math.ceil(opts.from / HOUR) * HOUR; t <= opts.to; t += HOUR) {
    const l = localOf(t, opts.timezone);
    if (l.minute !== 0) continue;
    const ok = step < DAY ? l.hour % (step / HOUR) === 0 : l.hour === 0 && l.day % (step / DAY) === 0;
    if (ok) ticks.push(t);
  }
  if (cache.size > 256) cache.clear();
  cache.set(key, ticks);
  return ticks;
}
