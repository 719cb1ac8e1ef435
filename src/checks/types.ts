/**
 * `unknown`: the probe could not tell (systemd not running on the host, /proc unreadable). Such
 * time is neither up nor down: availability leaves it out, as it leaves out gaps, and says so.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'unknown';
export type CheckKind = 'process' | 'http' | 'tcp' | 'systemd' | 'resource' | 'command';

/** One run of one check on one host. */
export type CheckResult = {
  host: string;
  check: string;
  kind: CheckKind;
  status: CheckStatus;
  /** Time the probe took, where that means something (http, tcp). */
  latencyMs: number | null;
  message: string;
  /** When the probe ran, epoch ms. */
  t: number;
  /** Kind-specific facts: pids, status code, cert days left, exit code... */
  details?: Record<string, unknown>;
};

/** A change of a check's status; availability is computed from these. */
export type CheckTransition = { host: string; check: string; from: CheckStatus | null; to: CheckStatus; t: number; message: string };

/** Every restart attempt, for reports and the console. */
export type RestartRecord = {
  /** Unique per attempt; the record is rewritten once the verdict (recovered or not) is known. */
  id: string;
  t: number;
  host: string;
  check: string;
  reason: string;
  /** What ran, as configured locally (unit name or command line). */
  command: string;
  exitCode: number | null;
  /** null while the grace period has not ended. */
  recovered: boolean | null;
  budgetLeft: number;
};

/** Availability of one check over a period, with the accounting stated. */
export type Availability = {
  host: string;
  check: string;
  from: number;
  to: number;
  /** null when there was no data at all. */
  availabilityPct: number | null;
  okMs: number;
  warnMs: number;
  failMs: number;
  maintenanceMs: number;
  noDataMs: number;
  /** Time with status unknown (outside maintenance): left out of the denominator like noDataMs. */
  unknownMs: number;
  /** Why the status was unknown, as the probes said (distinct, latest first, at most 3). */
  unknownReasons: string[];
  /** Stretches of warn or fail; unknown time is not an incident of the service. */
  incidents: Array<{ from: number; to: number | null; status: CheckStatus; message: string }>;
  /** Plain sentence saying how retries, maintenance windows and gaps were counted. */
  accounting: string;
  /** The facts behind that sentence, for readers that phrase it in another language. null: not known here. */
  retries: number | null;
  intervalMs: number | null;
};

/** Read side used by reports and the console. */
export type CheckStateReader = {
  latest(host: string): Promise<CheckResult[]>;
  transitions(q: { host: string; check?: string; from: number; to: number }): Promise<CheckTransition[]>;
  restarts(q: { host: string; from: number; to: number }): Promise<RestartRecord[]>;
  availability(q: { host: string; from: number; to: number }): Promise<Availability[]>;
};
