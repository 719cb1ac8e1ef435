/**
 * `checkup security ports [--json] [--baseline FILE] [--update-baseline]`: the listening sockets
 * now, exposed first, and what changed since the baseline (the first run records one).
 */
import type { Compared } from '../../../security/baseline/compare-baseline.js';
import type { PortChange } from '../../../security/ports/ports-diff.js';
import type { PortsSnapshot } from '../../../security/ports/ports-snapshot.js';
import { cell } from '../../terminal-safe.js';
import { textTable } from '../../text-table.js';
import { baselineJson, baselineLine, iso } from './baseline-output.js';

export function portsJson(r: Compared<PortsSnapshot, PortChange>): unknown {
  return {
    snapshot: { time: iso(r.snapshot.time), ownersComplete: r.snapshot.ownersComplete, sockets: r.snapshot.sockets },
    baseline: baselineJson(r.baseline),
    changes: r.changes,
  };
}

const proc = (p: { pid: number; name: string } | null | undefined): string => (p ? `${cell(p.name, 24)}[${p.pid}]` : '-');
const where = (s: { proto: string; family: number; address: string; port: number }): string =>
  `${s.proto}${s.family === 6 ? '6' : ''} ${s.family === 6 ? `[${s.address}]` : s.address}:${s.port}`;

export function formatPorts(r: Compared<PortsSnapshot, PortChange>): string {
  const s = r.snapshot;
  const out = [`Listening sockets at ${iso(s.time)}: ${s.sockets.length} (${s.sockets.filter((x) => x.exposed).length} exposed)`];
  if (!s.ownersComplete) out.push('  (some processes could not be looked into: not root, or restricted; their sockets show "?")');
  const holders = (x: (typeof s.sockets)[number]): string => x.processes.map(proc).join(' ') || (x.ownerKnown ? '(none)' : '?');
  const rows = s.sockets.map((x) => [
    where(x),
    x.exposed ? (x.allowed ? 'exposed (allowed)' : 'EXPOSED') : 'local',
    cell(x.user, 16, String(x.uid)),
    holders(x),
  ]);
  if (rows.length > 0) out.push(textTable(['SOCKET', 'SCOPE', 'USER', 'PROCESS'], rows, { indent: '  ' }));
  out.push('', baselineLine(r.baseline, r.changes.length));
  const changes = r.changes.map((c) => [c.change, where(c), c.exposed ? 'exposed' : 'local', proc(c.before), proc(c.after)]);
  if (changes.length > 0) out.push(textTable(['CHANGE', 'SOCKET', 'SCOPE', 'BEFORE', 'AFTER'], changes, { indent: '  ' }));
  return out.join('\n');
}
