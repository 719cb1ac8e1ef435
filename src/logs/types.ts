/**
 * The shared shape of the log stage. Sources (journal, files) produce raw lines or journal
 * records; parsers turn them into `LogEntry`; the template miner and the security scanner both
 * consume `LogEntry`, so an auth line is read once and counted by both.
 */

/** Syslog severities, 0 (emerg) to 7 (debug), as in RFC 5424 and the journal's PRIORITY. */
export type Priority = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const PRIORITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

/** Where an entry's severity came from, in the order of trust the issue gives. */
export type SeverityBasis = 'journal' | 'syslog-pri' | 'level-field' | 'keyword' | 'none';

/** One log entry after header parsing and multi-line folding. */
export type LogEntry = {
  /** The configured source's id (e.g. `journal`, `syslog`, `app:/var/log/app/*.log`). */
  source: string;
  /** Epoch ms of the entry, or null when its header had no usable time. */
  time: number | null;
  /** Syslog priority, or null when nothing said (counted as "unknown", never as info). */
  priority: Priority | null;
  severityBasis: SeverityBasis;
  /** Program, unit or component: `sshd`, `nginx.service`, `dfs.DataNode`… null when none. */
  app: string | null;
  pid: number | null;
  /** The host named in the header (syslog), which may differ from the agent's host. */
  host: string | null;
  /** The message after the header, continuation lines folded in with '\n'. */
  message: string;
  /** 1-based number of the first physical line within this read; a folded entry spans `lineCount`. */
  line: number;
  lineCount: number;
};
