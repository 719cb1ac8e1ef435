import { silenceState, type SilenceState } from './silences.js';
import type { AlertReader, Silence } from './types.js';

/** A silence as the console, the API and the CLI show it: its state, and what it muted. */
export type SilenceView = Silence & { state: SilenceState; muted: Array<{ alert: string; t: number; kind: string }> };

/**
 * Who silenced what: every silence still kept (active, pending, and expired for 30 days), each with
 * the alerts it kept from being announced, read from the notification log.
 */
export async function silenceViews(o: { reader: Pick<AlertReader, 'silences' | 'notifications'>; now: number }): Promise<SilenceView[]> {
  const silences = await o.reader.silences();
  if (silences.length === 0) return [];
  const from = Math.min(...silences.map((s) => s.from));
  const log = await o.reader.notifications({ from, to: o.now });
  const muted = new Map<string, SilenceView['muted']>();
  for (const e of log) {
    if (e.outcome !== 'silenced' || !e.silence) continue;
    muted.set(e.silence, [...(muted.get(e.silence) ?? []), ...e.alerts.map((alert) => ({ alert, t: e.t, kind: e.kind }))]);
  }
  return silences.map((s) => ({ ...s, state: silenceState(s, o.now), muted: (muted.get(s.id) ?? []).sort((a, b) => a.t - b.t) }));
}
