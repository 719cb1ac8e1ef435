import type { CheckConfig, ChecksConfig } from '../config/checks-schema.js';
import type { HostRepo } from '../fleet/host-repo.js';
import type { Logger } from '../shared/logger.js';
import type { Point, SeriesStore } from '../store/types.js';
import { applyResult, initialState, NO_RESTART, type CheckState } from './check-state.js';
import type { CheckStore, CheckWrite } from './check-store.js';
import { createLocalRestarts, localEntry, mergeRecords, newerRestart, type LocalRestart } from './local-restarts.js';
import type { ProbeContext } from './probes/probe.js';
import { createProcessLister } from './probes/proc-list.js';
import { sharedProbeThread, type ProbeThread } from './probes/probe-thread-client.js';
import { runProbe } from './probes/run-probe.js';
import { decideRestart, inGrace, settleRestart } from './restart-policy.js';
import { runRestart } from './restart-runner.js';
import { checksForHost, checksTick } from './select-checks.js';
import type { CheckResult, RestartRecord } from './types.js';
import { METRIC } from '../metrics/index.js';

/** What running checks needs; AppDeps satisfies it once `checks` is in the config. */
export type ChecksDeps = {
  config: { hostId: string; host: { tags: string[] }; checks: ChecksConfig; paths: { data: string } };
  checkStore: CheckStore;
  hosts: Pick<HostRepo, 'get'>;
  /** Status (0 ok, 1 warn, 2 fail) and latency series; state history is kept either way. */
  store?: Pick<SeriesStore, 'append'> | null;
  log: Logger;
  /** Where HTTP, TCP and command probes run (the agent's own); default: one shared per process. */
  probeThread?: ProbeThread;
};

export type ProbeEnv = Pick<ProbeContext, 'procRoot' | 'etcRoot' | 'systemctl' | 'systemdRunDir'>;
const DEFAULT_ENV: ProbeEnv = { procRoot: '/proc', etcRoot: '/etc', systemctl: 'systemctl', systemdRunDir: '/run/systemd/system' };
/** Unknown has no value: the status series has a gap there, as it has where no probe ran. */
const STATUS_VALUE = { ok: 0, warn: 1, fail: 2, unknown: null } as const;

/**
 * One tick of this host's checks: runs the due ones concurrently (each with its own deadline),
 * folds results into the state history, and restarts what is down within its budget. Probes that
 * measure a time run on the probe thread, so this loop's work (process scans, systemctl spawns,
 * restarts, Redis) is not counted in their latency.
 */
export async function runHostChecks(opts: {
  deps: ChecksDeps;
  now?: () => number;
  env?: Partial<ProbeEnv>;
}): Promise<{ ran: string[]; results: CheckResult[]; restarts: RestartRecord[] }> {
  const { deps } = opts;
  const now = opts.now ?? Date.now;
  const host = deps.config.hostId;
  const env = { ...DEFAULT_ENV, ...opts.env };
  const checks = checksForHost({ checks: deps.config.checks, host, tags: deps.config.host.tags });
  const store = deps.checkStore;
  const local = createLocalRestarts({ dataDir: deps.config.paths.data, host, log: deps.log });
  const [states, saved] = await Promise.all([store.states(host), local.read()]);
  // Half a tick of slack: a check due a few ms after this tick must not wait a whole extra tick.
  const slack = (checksTick(checks) ?? 0) / 2;
  const start = now();
  const due = checks.filter((c) => start >= (states.get(c.name)?.lastRunAt ?? 0) + c.interval - slack);
  const ctx: ProbeContext = {
    host,
    hosts: deps.hosts,
    ...env,
    now,
    thread: deps.probeThread ?? sharedProbeThread(),
    processes: createProcessLister(env.procRoot),
  };
  const results = await Promise.all(due.map((c) => runProbe(c, ctx)));
  const writes: CheckWrite[] = [];
  const restarts: RestartRecord[] = [];
  const keep: Record<string, LocalRestart> = {};
  for (const c of checks) if (c.restart && saved[c.name]) keep[c.name] = saved[c.name]!;
  for (const [i, check] of due.entries()) {
    const raw = results[i];
    if (!raw) continue;
    const stored = states.get(check.name) ?? initialState(check.name, check.interval);
    const mine = check.restart ? saved[check.name] : undefined;
    const prev = mine ? { ...stored, restart: newerRestart(stored.restart, mine.restart) } : stored;
    const w = await fold({ check, raw, prev, localRecords: mine?.records ?? [], store, deps, env });
    // Written per check, at once, to Redis and to the local copy (a no-op when unchanged): a crash
    // later in the tick must not lose a restart that already ran.
    await store.write(host, [w.write], now());
    if (w.local) keep[check.name] = w.local;
    await local.write(keep);
    writes.push(w.write);
    restarts.push(...w.made);
  }
  await local.write(keep);
  await appendSeries(deps, host, writes);
  return { ran: due.map((c) => c.name), results: writes.map((w) => w.state.latest).filter((r): r is CheckResult => r !== null), restarts };
}

/**
 * One result folded into the check's state, and the restart it calls for. The budget counts the
 * restarts Redis knows and those this agent kept locally; local ones Redis lost are written back.
 */
async function fold(o: {
  check: CheckConfig;
  raw: CheckResult;
  prev: CheckState;
  localRecords: RestartRecord[];
  store: CheckStore;
  deps: ChecksDeps;
  env: ProbeEnv;
}): Promise<{ write: CheckWrite; local: LocalRestart | null; made: RestartRecord[] }> {
  const { check, raw, store, deps } = o;
  const policy = check.restart;
  const settled = policy ? settleRestart(o.prev.restart, raw.status, raw.t) : { state: NO_RESTART, settled: null };
  const applied = applyResult({
    prev: { ...o.prev, restart: settled.state },
    raw,
    retries: check.retries,
    intervalMs: check.interval,
    inGrace: policy ? inGrace(settled.state, raw.t) : false,
  });
  const state = applied.state;
  const records: RestartRecord[] = settled.settled ? [settled.settled] : [];
  if (!policy) return { write: { state, closed: applied.closed, transition: applied.transition, restarts: records }, local: null, made: records };

  const inRedis = await store.restarts({ host: raw.host, check: check.name, from: raw.t - policy.budget.window, to: raw.t });
  const redisIds = new Set(inRedis.map((r) => r.id));
  const lost = o.localRecords.filter((r) => !redisIds.has(r.id) && r.t > raw.t - policy.budget.window && !records.some((x) => x.id === r.id));
  if (lost.length > 0)
    deps.log.warn(
      { host: raw.host, check: check.name, restarts: lost.length },
      'restarts missing from Redis (data lost?): restored from the local copy, budget kept',
    );
  const history = mergeRecords(inRedis, o.localRecords)
    .filter((r) => r.t > raw.t - policy.budget.window)
    .map((r) => r.t);
  const d = decideRestart({
    policy,
    state: state.restart,
    status: state.status ?? 'ok',
    consecutiveFails: state.consecutiveFails,
    retries: check.retries,
    now: raw.t,
    history,
  });
  const log = deps.log.child({ host: raw.host, check: check.name });
  if (d.action === 'restart') {
    const run = await runRestart({ restart: policy, systemctl: o.env.systemctl });
    const record: RestartRecord = {
      id: `${raw.t}-${check.name}`,
      t: raw.t,
      host: raw.host,
      check: check.name,
      reason: applied.result.message,
      command: run.command,
      exitCode: run.exitCode,
      recovered: null,
      budgetLeft: d.budgetLeft,
    };
    records.push(record);
    state.restart = { lastAt: raw.t, graceUntil: raw.t + policy.grace, streak: state.restart.streak + 1, pending: record, exhaustedAt: null, resumeAt: null };
    // Failures before the restart say nothing about the restarted service.
    state.consecutiveFails = 0;
    log.warn({ command: run.command, outcome: run.outcome, output: run.output, budgetLeft: d.budgetLeft }, 'check failed: restarted');
  } else if (d.action === 'exhausted') {
    if (state.restart.exhaustedAt === null)
      log.error({ used: d.used, resumeAt: new Date(d.resumeAt).toISOString() }, 'restart budget exhausted: not restarting');
    state.restart = { ...state.restart, exhaustedAt: state.restart.exhaustedAt ?? raw.t, resumeAt: d.resumeAt };
  } else if (d.action === 'none' && d.why === 'healthy') {
    state.restart = { ...state.restart, exhaustedAt: null, resumeAt: null };
  }
  const known = mergeRecords(inRedis, o.localRecords, records);
  const write = { state, closed: applied.closed, transition: applied.transition, restarts: [...lost, ...records] };
  return { write, local: localEntry(state, known, policy.budget.window, raw.t), made: records };
}

/** Best effort: the state history in Redis is the record; the series are for charts. */
async function appendSeries(deps: ChecksDeps, host: string, writes: CheckWrite[]): Promise<void> {
  if (!deps.store) return;
  const points: Point[] = [];
  for (const w of writes) {
    const r = w.state.latest;
    if (!r) continue;
    const v = STATUS_VALUE[r.status];
    if (v !== null) points.push({ metric: METRIC.checkStatus, labels: { check: r.check }, t: r.t, v });
    if (r.latencyMs !== null) points.push({ metric: METRIC.checkLatencyMs, labels: { check: r.check }, t: r.t, v: r.latencyMs });
  }
  try {
    if (points.length > 0) await deps.store.append(host, points);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'check series not written');
  }
}
