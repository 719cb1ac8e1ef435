/**
 * Syslog headers, as files on disk and syslog relays write them:
 *   RFC 3164   `<PRI>Dec  7 15:44:19 host sshd[123]: msg` (PRI optional: rsyslog leaves it out of files)
 *   rsyslog    `2023-12-07T15:44:19.123456+01:00 host sshd[123]: msg` (RSYSLOG_FileFormat, high precision)
 *   RFC 5424   `<PRI>1 2023-12-07T15:44:19.003Z host app procid msgid [sd] msg`
 * Severity comes from PRI (its low three bits); a line without PRI leaves it null for the level
 * field and keyword stages to decide.
 */
import type { Priority } from '../types.js';
import { bareFields, type HeaderFields, type LineParser, type TimeOptions } from './header-fields.js';
import { levelWordPriority } from './levels.js';
import { readBsdTime, readIsoTime, type TimeMatch } from './timestamps.js';

/** PRI is facility × 8 + severity, 0 to 191 (RFC 5424 §6.2.1). */
const PRI = /^<(\d{1,3})>/;

/** `tag[pid]:` or `tag:`; the tag is up to 64 characters of anything but space, colon and brackets. */
const TAG = /^([^\s:[\]]{1,64})(?:\[([^\]\s]{0,32})\])?(:|(?= ))/;

/** What `\s` matches beside the space: a host name ending at one of these is no host. */
const OTHER_SPACE = /\s/;

/**
 * The end of a host name at the start of `s`: 1–255 non-blank characters followed by a space or
 * the end; -1 when there is none (`^\S{1,255}(?= |$)`, without a regex: it ran on every line).
 */
function hostEnd(s: string): number {
  const n = Math.min(s.length, 256);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) return i === 0 ? -1 : i;
    if (c <= 32 || c === 0xa0 || c >= 0x1680 ? OTHER_SPACE.test(s[i]!) : false) return -1;
  }
  return s.length <= 255 && s.length > 0 ? s.length : -1;
}

export type SyslogParse = { fields: HeaderFields; rfc: '3164' | '5424' };

const NO_PRI = (line: string) => ({ pri: null, rest: line });

function readPri(line: string): { pri: number | null; rest: string } {
  // Files rsyslog writes have no PRI: most lines are decided by their first character.
  if (line.charCodeAt(0) !== 60 /* < */) return NO_PRI(line);
  const m = PRI.exec(line);
  if (!m) return { pri: null, rest: line };
  const pri = Number(m[1]);
  return pri <= 191 ? { pri, rest: line.slice(m[0].length) } : { pri: null, rest: line };
}

const priorityOf = (pri: number | null): Priority | null => (pri === null ? null : ((pri & 7) as Priority));

function pidOf(raw: string | undefined): number | null {
  if (!raw || raw.length > 10) return null;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n <= 0x7fffffff ? n : null;
}

/** `host tag[pid]: message` after a 3164 or ISO time; the host may be missing (`tag:` comes first). */
function readHostAndTag(rest: string): Pick<HeaderFields, 'host' | 'app' | 'pid' | 'message'> {
  let host: string | null = null;
  let s = rest;
  const end = hostEnd(s);
  // A first word that ends with ':' is a tag (`kernel:`, `sshd[1]:`), not a host: hosts never do.
  if (end > 0 && s.charCodeAt(end - 1) !== 58 /* : */) {
    host = s.slice(0, end);
    s = s.slice(end + 1);
  }
  const tag = TAG.exec(s);
  // A bare word followed by a space is the message's first word, not a tag: only `tag:` or `tag[pid]` counts.
  if (!tag || (tag[3] !== ':' && tag[2] === undefined)) return { host, app: null, pid: null, message: s };
  const message = s.slice(tag[0].length);
  return { host, app: tag[1]!, pid: pidOf(tag[2]), message: message.startsWith(' ') ? message.slice(1) : message };
}

const nil = (v: string): string | null => (v === '-' ? null : v);

/** Length of the STRUCTURED-DATA at the start of `s` (`-` or `[id k="v"]…`), or -1 when it is malformed. */
function structuredDataLength(s: string): number {
  if (s.startsWith('-')) return 1;
  let i = 0;
  while (s.charCodeAt(i) === 91 /* [ */) {
    let inValue = false;
    i++;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (inValue && c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inValue = !inValue;
      else if (!inValue && c === 93 /* ] */) break;
    }
    if (i >= s.length) return -1;
    i++;
  }
  return i === 0 ? -1 : i;
}

/** RFC 5424 after `<PRI>`: `1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]`; undefined when it is not one. */
function read5424(rest: string, pri: number | null, opts: TimeOptions): HeaderFields | undefined {
  if (!rest.startsWith('1 ')) return undefined;
  let s = rest.slice(2);
  let time: number | null = null;
  if (s.startsWith('- ')) s = s.slice(2);
  else {
    const t = readIsoTime(s, opts);
    if (!t || s[t.length] !== ' ') return undefined;
    time = t.time;
    s = s.slice(t.length + 1);
  }
  const parts: string[] = [];
  for (let k = 0; k < 4; k++) {
    const sp = s.indexOf(' ');
    if (sp <= 0 || sp > 255) return undefined;
    parts.push(s.slice(0, sp));
    s = s.slice(sp + 1);
  }
  const sd = structuredDataLength(s);
  if (sd < 0) return undefined;
  let message = s.slice(sd);
  if (message.startsWith(' ')) message = message.slice(1);
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1); // the BOM that marks a UTF-8 MSG
  const [host, app, procid] = parts as [string, string, string, string];
  const priority = priorityOf(pri);
  return {
    time,
    priority,
    severityBasis: priority === null ? 'none' : 'syslog-pri',
    app: nil(app),
    pid: pidOf(nil(procid) ?? undefined),
    host: nil(host),
    message,
  };
}

/**
 * A level the program wrote at the start of its message, when the file has no PRI: sshd's
 * `error: …`, NetworkManager's `<warn>`, `[ERROR]`. Only in those marked forms: a plain first word
 * (`Failed password …`) is left to the keyword stage.
 */
function messageLevel(message: string): Priority | null {
  // The three marked forms start with '<', '[' or a word of 3-9 letters and ':': most messages are neither.
  const c = message.charCodeAt(0);
  if (c !== 60 && c !== 91 && !hasColonAt(message, 3, 9)) return null;
  const m = /^(?:<([a-z]{3,9})>|\[([A-Za-z]{3,9})\]|([A-Za-z]{3,9}):)(?=\s|$)/.exec(message);
  if (!m) return null;
  return levelWordPriority(m[1] ?? m[2] ?? m[3]!);
}

/** Whether `s` has a ':' at some index from `from` to `to`. */
function hasColonAt(s: string, from: number, to: number): boolean {
  for (let i = from; i <= to && i < s.length; i++) if (s.charCodeAt(i) === 58) return true;
  return false;
}

/** Reads one line as syslog, or returns null when it does not start with a syslog header. */
export function parseSyslog(line: string, opts: TimeOptions = {}): SyslogParse | null {
  const { pri, rest } = readPri(line);
  const rfc5424 = read5424(rest, pri, opts);
  if (rfc5424) return { fields: rfc5424, rfc: '5424' };
  // rsyslog and journalctl write ISO times with a 'T'; a space there is an application's log line
  // (`2023-12-07 15:44:19,123 INFO …`), whose level word must not be read as a host.
  const t: TimeMatch | undefined = readBsdTime(rest, opts) ?? (rest[10] === 'T' ? readIsoTime(rest, opts) : undefined);
  if (!t || (rest.length > t.length && rest.charCodeAt(t.length) !== 32)) {
    // RFC 3164 §4.3.3: a PRI with no valid time after it is still a syslog message, all of it content.
    if (pri === null) return null;
    const priority = priorityOf(pri);
    return { fields: { ...bareFields(rest), priority, severityBasis: 'syslog-pri' }, rfc: '3164' };
  }
  const priority = priorityOf(pri);
  const tail = readHostAndTag(rest.slice(t.length + 1));
  // `2023-12-07T15:44:19Z INFO main: started` is an application's line, not a host named INFO.
  if (pri === null && rest[10] === 'T' && tail.host !== null && levelWordPriority(tail.host) !== null) return null;
  if (priority !== null) return { fields: { time: t.time, priority, severityBasis: 'syslog-pri', ...tail }, rfc: '3164' };
  const level = messageLevel(tail.message);
  return { fields: { time: t.time, priority: level, severityBasis: level === null ? 'none' : 'level-field', ...tail }, rfc: '3164' };
}

/** The syslog header parser (3164, 5424 and rsyslog's ISO variant, with or without PRI). */
export function syslogParser(opts: TimeOptions = {}): LineParser {
  return { name: 'syslog', parse: (line) => parseSyslog(line, opts)?.fields ?? null };
}
