import type { AlertMessage } from './message.js';
import { title } from './message.js';

/**
 * The generic JSON webhook: the notification as structured data. User text travels as JSON
 * strings, which needs no escaping beyond JSON's own. `id` is stable across retries, so a
 * receiver can drop a duplicate.
 */
export function genericPayload(m: AlertMessage) {
  const strip = (a: AlertMessage['firing'][number]) => ({
    key: a.key,
    rule: a.rule,
    host: a.host,
    labels: a.labels,
    severity: a.severity,
    status: a.status,
    since: a.since,
    firedAt: a.firedAt,
    resolvedAt: a.resolvedAt,
    value: a.value,
    message: a.message,
    ...(a.log ? { log: a.log } : {}),
  });
  return {
    version: 1,
    id: m.id,
    kind: m.kind,
    host: m.host,
    t: m.t,
    title: title(m),
    firing: m.firing.map(strip),
    resolved: m.resolved.map(strip),
    active: m.active.map(strip),
  };
}
