import { SECURITY_RULE_TYPES, type RuleConfig } from '../config/alerts-schema.js';
import { formatDuration } from '../shared/duration.js';
import type { SecurityReader } from '../security/store/security-repo.js';
import type { RuleSpec } from './rule-state.js';
import type { LabeledSample } from './sources.js';

export type SecurityRule = Extract<RuleConfig, { type: (typeof SECURITY_RULE_TYPES)[number] }>;

export const isSecurityRule = (rule: RuleConfig): rule is SecurityRule => (SECURITY_RULE_TYPES as readonly string[]).includes(rule.type);

/** Brute force: failures from a source within the window ≥ threshold. Events: ≥ 1 in the window. */
export function securityRuleSpec(rule: SecurityRule): Pick<RuleSpec, 'op' | 'threshold'> {
  return { op: '>=', threshold: rule.type === 'brute-force' ? rule.threshold : 1 };
}

const iso = (t: number | null) => (t === null ? 'unknown time' : new Date(t).toISOString().replace('.000Z', 'Z'));
const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());

type Found = { labels: Record<string, string>; value: number; message: string };

/**
 * Security rules read what the agents stored. Every label and message here holds attacker text
 * (usernames, sources, paths): kept raw, escaped by each channel. An instance stored from before
 * whose event left the window gets a 0, so it resolves at once with a message saying so, rather
 * than after keepFiringFor as if its data had gone missing.
 */
export async function securitySamples(o: {
  rule: SecurityRule;
  host: string;
  security: SecurityReader;
  now: number;
  /** Labels of this rule's live instances on this host. */
  live: Record<string, string>[];
}): Promise<LabeledSample[]> {
  const { rule, now } = o;
  const range = { host: o.host, from: now - rule.within, to: now + 1 };
  const window = formatDuration(rule.within);
  const found: Found[] = [];
  let quiet: (labels: Record<string, string>) => string;
  if (rule.type === 'brute-force') {
    const ignore = new Set(rule.ignoreSources);
    for (const [source, n] of await o.security.failuresBySource(range)) {
      if (source === '' || ignore.has(source)) continue;
      if (n < rule.threshold && !o.live.some((l) => l.source === source)) continue;
      found.push({ labels: { source }, value: n, message: `${n} failed logins from ${source} within ${window} (threshold ${rule.threshold})` });
    }
    quiet = (l) => `no failed logins from ${l.source ?? '?'} within ${window}`;
  } else {
    if (rule.type === 'new-login-source') {
      for (const a of await o.security.accepted(range)) {
        if (a.newSource !== true || (rule.users && !rule.users.includes(a.user))) continue;
        found.push({
          labels: { user: a.user, source: a.source ?? '' },
          value: 1,
          message: `${a.user} logged in from ${a.source ?? 'a local terminal'}, never seen before for this user (${a.method ?? 'unknown method'}, ${iso(a.time)})`,
        });
      }
      quiet = (l) => `no new login of ${l.user ?? '?'} from ${l.source ?? '?'} within ${window}`;
    } else if (rule.type === 'new-exposed-port') {
      for (const c of await o.security.portChanges(range)) {
        if (c.change !== 'new' || !c.exposed || c.allowed) continue;
        const who = c.after ? `${c.after.name}[${c.after.pid}]` : 'owner unknown';
        found.push({
          labels: { proto: c.proto, port: String(c.port), address: c.address },
          value: 1,
          message: `new exposed ${c.proto} port ${c.port} on ${c.address} (${who}) at ${iso(c.time)}`,
        });
      }
      quiet = (l) => `${l.proto ?? '?'} port ${l.port ?? '?'} on ${l.address ?? '?'}: not new within ${window}`;
    } else {
      for (const c of await o.security.fileChanges(range)) {
        if (rule.paths && !rule.paths.includes(c.path)) continue;
        found.push({
          labels: { path: c.path },
          value: 1,
          message: `${c.path} ${c.change} (${c.fields.join(', ') || 'presence'}) at ${iso(c.changedAt ?? c.detectedAt)}`,
        });
      }
      quiet = (l) => `${l.path ?? '?'}: no change within ${window}`;
    }
  }
  // One sample per label set: the latest event's message, the count of events as the value.
  const merged = new Map<string, Found>();
  for (const f of found) {
    const had = merged.get(keyOf(f.labels));
    merged.set(keyOf(f.labels), had && rule.type !== 'brute-force' ? { ...f, value: had.value + f.value } : f);
  }
  for (const labels of o.live) if (!merged.has(keyOf(labels))) merged.set(keyOf(labels), { labels, value: 0, message: quiet(labels) });
  return [...merged.values()];
}
