export type MatchOp = '=' | '!=' | '=~' | '!~';
/** Alertmanager's matchers: `host`, `rule`, `severity` or any alert label (e.g. `check`, `mount`). */
export type Matcher = { name: string; op: MatchOp; value: string };

export type Severity = 'info' | 'warning' | 'critical';

/** One alert instance: a rule firing for a host (and label set), from start to resolve. */
export type AlertInstance = {
  /** Stable for the rule + host + labels: de-duplication key. */
  key: string;
  rule: string;
  host: string;
  labels: Record<string, string>;
  severity: Severity;
  status: 'pending' | 'firing' | 'resolved';
  /** When the condition first held (pending) and when it became firing. */
  since: number;
  firedAt: number | null;
  resolvedAt: number | null;
  value: number | null;
  message: string;
  /**
   * The reading that made it fire. `value` and `message` follow every evaluation, and with
   * hysteresis the value may already be back between the resolve and firing levels when the
   * FIRING goes out (after groupWait): the FIRING states what crossed, not "= 21 (threshold > 22)".
   */
  fired?: { value: number | null; message: string };
  /**
   * Log rules only: the template the alert is about and one redacted example. Kept apart from
   * `message` because it is attacker-controlled text that each channel escapes its own way.
   */
  log?: AlertLogDetail;
};

export type AlertLogDetail = { templateId: string; template: string; example: string | null };

/** A silence: alerts matching every matcher are not announced between `from` and `to`. */
export type Silence = {
  id: string;
  matchers: Matcher[];
  from: number;
  /** Set to the time of expiry when expired early. */
  to: number;
  comment: string;
  createdBy: string;
  createdAt: number;
  expiredAt: number | null;
  expiredBy: string | null;
};

/** What was sent, where, and how it went. */
export type NotificationLogEntry = {
  id: string;
  t: number;
  channel: string;
  kind: 'firing' | 'resolved' | 'repeat' | 'report-failed' | 'report-undelivered' | 'restart-budget';
  host: string;
  alerts: string[];
  outcome: 'sent' | 'failed' | 'silenced';
  attempts: number;
  error?: string;
  /** The silence that muted it (outcome "silenced"). */
  silence?: string;
};

/** Read side used by reports and the console. */
export type AlertReader = {
  active(): Promise<AlertInstance[]>;
  history(q: { from: number; to: number; host?: string }): Promise<AlertInstance[]>;
  silences(): Promise<Silence[]>;
  notifications(q: { from: number; to: number; host?: string; limit?: number }): Promise<NotificationLogEntry[]>;
};
