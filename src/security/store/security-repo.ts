import type { AccountAction } from '../auth/auth-event.js';
import type { FileChange, FilesSnapshot } from '../files/files-diff.js';
import type { CurrentLogin } from '../logins/login-history.js';
import type { PortChange } from '../ports/ports-diff.js';
import type { PortsSnapshot } from '../ports/ports-snapshot.js';

/**
 * The security stage's storage contract: what the agent writes per host and hour, and what the
 * report and the alert rules read. Every string in here (users, sources, commands, paths' owners)
 * came from a log line or a utmp record and is attacker-controlled: stored raw, escaped by whoever
 * renders it. Never file content, not even hashes, leaves the latest files snapshot.
 *
 * Writer and readers share this file so neither restates the other's shapes. The Redis
 * implementation keeps every key under the store's per-host hash tag; per-hour details (per source,
 * per user, event lists) live as long as the minute tier, per-hour totals as long as the hour tier.
 */

/** Failed logins of one source in one batch (or, read back, in a period). */
export type SourceFailures = {
  source: string;
  count: number;
  /** Distinct users tried, at most MAX_USERS_PER_SOURCE; `usersMore` says the list was cut. */
  users: string[];
  usersMore: boolean;
  firstSeen: number;
  lastSeen: number;
};

export type AcceptedLogin = { user: string; source: string | null; method: string | null; time: number };
/** Read back: `newSource` is true when this host had never seen the user log in from there, null when unknown (cap reached). */
export type StoredAcceptedLogin = AcceptedLogin & { newSource: boolean | null };
export type SudoRun = { user: string | null; runAs: string | null; command: string | null; ok: boolean; time: number; detail: string | null };
export type AccountChange = { user: string | null; action: AccountAction | null; app: string | null; detail: string | null; time: number };
export type StoredPortChange = PortChange & { time: number };
export type StoredFileChange = FileChange;

/** What a batch of auth log entries added, as the agent aggregated it. */
export type AuthDelta = {
  /** Failed logins per source and hour (an entry's first/last seen fall in one hour); `source` "" for failures that named none. */
  failures: SourceFailures[];
  /** Failed logins per user tried ("" for none) and hour (`hour`: its start, epoch ms; absent: the batch's hour). */
  users: { user: string; count: number; hour?: number }[];
  /** Failed logins per minute and source, for brute-force rules: [minute epoch ms, source, count]. */
  minutes: [number, string, number][];
  accepted: AcceptedLogin[];
  sudo: SudoRun[];
  accounts: AccountChange[];
};

/** Where a signal stands on a host: what the report states as the basis of its figures. */
export type SignalStatus = {
  /** Epoch ms of the first write of this signal on this host (figures count from here). */
  since: number;
  lastWrite: number;
  /** The signal's current problem in one sentence (unreadable, not root…), or null. */
  problem: string | null;
};

export type AuthStatus = SignalStatus & {
  /** The log sources auth events are read from; empty when none is configured. */
  sources: string[];
};

/**
 * One agent write. `batchId` makes it idempotent: the agent writes, then commits its read
 * positions (or its local snapshot state); a crash between the two replays the batch with the same
 * id and the repository applies it once. Any part may be absent.
 */
export type SecurityBatch = {
  host: string;
  batchId: string;
  /** When the agent made the batch: the time of events whose line had none. */
  at: number;
  auth?: { delta: AuthDelta; sources: string[]; problem?: string | null };
  /** `snapshot` null: changes only (an older spooled batch; the newest carries the snapshot). */
  ports?: { time: number; snapshot: PortsSnapshot | null; changes: PortChange[]; problem?: string | null };
  files?: { time: number; snapshot: FilesSnapshot | null; changes: FileChange[]; problem?: string | null };
  logins?: { time: number; current: CurrentLogin[] | null; problem?: string | null };
};

/**
 * Caps per host and hour: a brute force must not grow Redis without bound. Past a cap, what was
 * dropped is counted. A month's report reads every hour's sources: at 2,000 sources an hour that
 * is at most ~200 MB for a host under a month of the worst attack, and a few MB for a typical one.
 */
export const SECURITY_CAPS = {
  sourcesPerHour: 2_000,
  usersPerHour: 2_000,
  usersPerSource: 100,
  acceptedPerHour: 500,
  sudoPerHour: 500,
  accountsPerHour: 200,
  portChangesPerHour: 500,
  fileChangesPerHour: 500,
  /** Per-minute per-source counts (brute-force rules). */
  sourcesPerMinute: 1_000,
  /** Known (user, source) pairs per host, for "never seen before". */
  knownSources: 50_000,
  sockets: 2_000,
  currentLogins: 500,
} as const;

/** Brute-force windows longer than this cannot be answered: minute buckets are kept this long. */
export const MAX_BRUTE_FORCE_WINDOW_MS = 3_600_000;

/** What was left out past the caps in a period, by list. */
export type Dropped = Partial<Record<'sources' | 'users' | 'accepted' | 'sudo' | 'accounts' | 'portChanges' | 'fileChanges' | 'minuteSources', number>>;

export type SecurityRange = { host: string; from: number; to: number };

/** A host's security over a period, as the report reads it. Lists are in time order unless said. */
export type SecurityPeriod = {
  auth: AuthStatus | null;
  ports: SignalStatus | null;
  files: SignalStatus | null;
  logins: SignalStatus | null;
  /** Failed logins per hour with any (hour start, count). */
  failedByHour: { t: number; count: number }[];
  failedTotal: number;
  /** Most failures first. */
  sources: SourceFailures[];
  /** Most failures first. */
  users: { user: string; count: number }[];
  accepted: StoredAcceptedLogin[];
  sudo: SudoRun[];
  /** sudo/su runs and failures over the period (exact, even where the list was cut). */
  sudoCounts: { ok: number; failed: number };
  accounts: AccountChange[];
  portChanges: StoredPortChange[];
  fileChanges: StoredFileChange[];
  dropped: Dropped;
};

export type SecurityReader = {
  period(range: SecurityRange): Promise<SecurityPeriod>;
  /** The latest stored snapshots, or null when none was written. */
  latestPorts(host: string): Promise<PortsSnapshot | null>;
  latestFiles(host: string): Promise<FilesSnapshot | null>;
  currentLogins(host: string): Promise<{ time: number; users: CurrentLogin[] | null } | null>;
  /** One event list over [from, to) in time order, read alone: what the event alert rules need every evaluation. */
  accepted(range: SecurityRange): Promise<StoredAcceptedLogin[]>;
  portChanges(range: SecurityRange): Promise<StoredPortChange[]>;
  fileChanges(range: SecurityRange): Promise<StoredFileChange[]>;
  /** Failed logins per source in [from, to) at minute resolution (to within MAX_BRUTE_FORCE_WINDOW_MS of now). */
  failuresBySource(range: SecurityRange): Promise<Map<string, number>>;
};

export type SecurityRepo = SecurityReader & {
  /** Applies the batch once per `batchId`; returns false when it had been applied already. */
  write(batch: SecurityBatch): Promise<boolean>;
};
