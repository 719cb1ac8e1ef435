import { randomUUID } from 'node:crypto';
import { templateId } from '../../src/logs/mining/template-id.js';
import type { LogBatch, LogSeverity } from '../../src/logs/store/log-repo.js';

/** Lines an attacker could have put in a log: HTML, markdown of every dialect, a Slack mention, backticks, a line break. */
export const HOSTILE = '<img src=x onerror=alert(1)> *bold* _x_ [link](http://evil) <@U123> `rm -rf /`';
export const HOSTILE_TEMPLATE = `Failed login for <*> ${HOSTILE}`;
export const HOSTILE_EXAMPLE = `Failed login for mallory ${HOSTILE}\nRESOLVED: all fine`;

export type TestLines = { template: string; severity: LogSeverity; minute: number; count: number; example?: string; source?: string };

/**
 * One agent batch as the agent writes it (ids from the template text, as the miner makes them),
 * for writing into a real Redis LogRepo under a test prefix.
 */
export function logBatch(o: { host: string; source?: string; since: number; lastRead: number; problem?: string | null; lines: TestLines[] }): LogBatch {
  const source = o.source ?? 'syslog';
  const texts = new Map<string, string[]>();
  for (const l of o.lines) texts.set(l.template, [...(texts.get(l.template) ?? []), ...(l.example ? [l.example] : [])]);
  return {
    host: o.host,
    source,
    batchId: randomUUID(),
    counts: o.lines.map((l) => ({ templateId: templateId(l.template), severity: l.severity, source: l.source ?? source, minute: l.minute, count: l.count })),
    templates: [...texts].map(([template, examples]) => ({ id: templateId(template), template, examples: examples.slice(0, 3) })),
    status: { source, since: o.since, lastRead: o.lastRead, problem: o.problem ?? null },
  };
}
