import { logLine } from '../../../logs/display-text.js';
import type { LogReader, LogSeverity, LogTemplateTotal } from '../../../logs/store/log-repo.js';
import { severityRank } from './log-stats.js';

/** Error templates read per host, and rows shown in the fleet summary. */
const PER_HOST = 50;
const SHOWN = 10;

export type FleetLogRow = { id: string; template: string; example: string | null; severity: LogSeverity; count: number; hosts: number; hostNames: string[] };
export type FleetLogs = { rows: FleetLogRow[]; hostsWithLogs: number; hostCount: number } | null;

/**
 * The most counted error templates across the fleet in the period, with how many hosts logged each. Template
 * ids are a hash of the template text, so the same message on two hosts is one row. Null when no
 * host has log sources: the summary then says nothing about logs rather than "no errors".
 */
export async function fleetLogs(o: { logs: LogReader; hosts: string[]; from: number; to: number }): Promise<FleetLogs> {
  const rows = new Map<string, FleetLogRow>();
  const perHost: Array<{ host: string; templates: LogTemplateTotal[] }> = [];
  // A few hosts at a time, as the host sections are read: round trips overlap without flooding Redis.
  for (let i = 0; i < o.hosts.length; i += 8) {
    const batch = await Promise.all(
      o.hosts.slice(i, i + 8).map(async (host) => {
        if ((await o.logs.sources(host)).length === 0) return null;
        return { host, templates: await o.logs.templates({ host, from: o.from, to: o.to, limit: PER_HOST, filter: { minSeverity: 'err' } }) };
      }),
    );
    for (const b of batch) if (b) perHost.push(b);
  }
  const hostsWithLogs = perHost.length;
  for (const { host, templates } of perHost) {
    for (const t of templates) {
      const r = rows.get(t.id) ?? {
        id: t.id,
        template: logLine(t.template),
        example: t.examples[0] !== undefined ? logLine(t.examples[0]) : null,
        severity: t.severity,
        count: 0,
        hosts: 0,
        hostNames: [],
      };
      r.count += t.count;
      r.hosts++;
      r.hostNames.push(host);
      if (severityRank(t.severity) < severityRank(r.severity)) r.severity = t.severity;
      rows.set(t.id, r);
    }
  }
  if (hostsWithLogs === 0) return null;
  const sorted = [...rows.values()].sort((a, b) => b.count - a.count || b.hosts - a.hosts || a.id.localeCompare(b.id)).slice(0, SHOWN);
  return { rows: sorted.map((r) => ({ ...r, hostNames: r.hostNames.sort().slice(0, 5) })), hostsWithLogs, hostCount: o.hosts.length };
}
