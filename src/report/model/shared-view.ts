import type { ReportModel } from './build-report-model.js';

/**
 * What the PDF and the mail both say: cover, summary, findings, forecasts, the comparison with the
 * previous report and the per-host overview. It is archived once, in the report's JSON record; the
 * mail is rendered from that archived copy and the PDF from the same JSON round trip of it, so the
 * two cannot disagree.
 */
export function sharedView(model: ReportModel) {
  return {
    meta: model.meta,
    summary: model.summary,
    fleetLogs: model.fleetLogs,
    forecastsNeedingAction: model.forecastsNeedingAction,
    changes: model.changes,
    trackRecord: model.trackRecord,
    accounting: model.accounting,
    securityFleet: model.securityFleet,
    overview: model.hosts.map((h) => ({ id: h.id, anchor: h.anchor, status: h.status, stats: h.stats, simulated: h.simulated })),
  };
}

export type SharedView = ReturnType<typeof sharedView>;

/** The view as it reads back from the archive: JSON drops undefined and turns Infinity into null. */
export const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
