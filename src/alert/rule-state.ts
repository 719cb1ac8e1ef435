import { formatDuration } from '../shared/duration.js';
import type { AlertInstance, AlertLogDetail, Severity } from './types.js';

export type Op = '>' | '>=' | '<' | '<=';

export function compare(op: Op, value: number, threshold: number): boolean {
  if (op === '>') return value > threshold;
  if (op === '>=') return value >= threshold;
  if (op === '<') return value < threshold;
  return value <= threshold;
}

/** An alert's stored state: the instance plus what the state machine needs between evaluations. */
export type AlertRecord = { instance: AlertInstance; lastDataAt: number | null };

export type RuleSpec = { op: Op; threshold: number; resolve?: number; forMs: number; keepFiringForMs: number };
/** One evaluation's reading; value null means no data for this instance right now. */
export type Sample = { value: number | null; message: string; log?: AlertLogDetail };
export type Identity = { key: string; rule: string; host: string; labels: Record<string, string>; severity: Severity };

export type Step = { record: AlertRecord | null; change: 'fired' | 'resolved' | null };

/**
 * One evaluation of one alert instance.
 * - inactive → pending when the condition holds; → firing once it held for `for`.
 * - pending → dropped as soon as the condition fails or data is missing (a blip is not an alert).
 * - firing → resolved only past the resolve level (hysteresis): values between the two levels
 *   keep it firing. Missing data keeps it firing for `keepFiringFor`, so a scrape gap neither
 *   resolves it nor lets it re-fire as new.
 */
export function stepAlert(opts: { prev: AlertRecord | null; sample: Sample | null; rule: RuleSpec; id: Identity; now: number }): Step {
  const { prev, sample, rule, id, now } = opts;
  const value = sample?.value ?? null;
  const hasData = value !== null;
  const fires = hasData && compare(rule.op, value, rule.threshold);
  const clears = hasData && !compare(rule.op, value, rule.resolve ?? rule.threshold);
  const status = prev?.instance.status;
  const lastDataAt = hasData ? now : (prev?.lastDataAt ?? null);
  const message = sample?.message ?? prev?.instance.message ?? '';
  const log = sample?.log ?? prev?.instance.log;
  const withLog = log ? { log } : {};

  if (status === 'firing') {
    const base = { ...prev!.instance, ...withLog, severity: id.severity, value: value ?? prev!.instance.value };
    if (clears) return { record: { instance: { ...base, status: 'resolved', resolvedAt: now, message }, lastDataAt }, change: 'resolved' };
    if (!hasData) {
      const silentFor = now - (prev!.lastDataAt ?? prev!.instance.since);
      if (silentFor > rule.keepFiringForMs) {
        const why = `no data for ${formatDuration(silentFor)}; last: ${prev!.instance.message}`;
        return { record: { instance: { ...base, status: 'resolved', resolvedAt: now, message: why }, lastDataAt }, change: 'resolved' };
      }
      return { record: { instance: base, lastDataAt }, change: null };
    }
    return { record: { instance: { ...base, message }, lastDataAt }, change: null };
  }
  if (!fires) return { record: null, change: null };
  const since = status === 'pending' ? prev!.instance.since : now;
  const firing = now - since >= rule.forMs;
  const instance: AlertInstance = {
    key: id.key,
    rule: id.rule,
    host: id.host,
    labels: id.labels,
    severity: id.severity,
    status: firing ? 'firing' : 'pending',
    since,
    firedAt: firing ? now : null,
    resolvedAt: null,
    value,
    message,
    ...(firing ? { fired: { value, message } } : {}),
    ...withLog,
  };
  return { record: { instance, lastDataAt }, change: firing ? 'fired' : null };
}
