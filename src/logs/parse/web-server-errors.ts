/**
 * Error logs of the two usual web servers:
 *   Apache 2.4  `[Thu Dec 07 15:44:19.123456 2023] [core:error] [pid 1234:tid 5678] [client 10.0.0.1:5050] AH00126: Invalid URI`
 *   Apache 2.2  `[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6`
 *   nginx       `2023/12/07 15:44:19 [error] 1234#1234: *5 open() "/srv/x" failed (2: No such file or directory), client: …`
 * The pid and nginx's connection number are header; the module (`core`) is the app. `[client …]`
 * stays in the message, where the miner masks the address.
 */
import type { LineParser, HeaderFields, TimeOptions } from './header-fields.js';
import { levelWordPriority } from './levels.js';
import { looseTime } from './loose-time.js';

const APACHE = /^\[([^\]]{10,64})\] \[(?:([\w.-]{1,32}):)?([a-z]{3,6}\d?)\](?: \[pid (\d{1,10})(?::tid \d{1,20})?\])? ?/;
const NGINX = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) \[([a-z]{4,6})\] (\d{1,10})#\d{1,10}: (?:\*\d{1,20} )?/;

export function parseApacheError(line: string, opts: TimeOptions = {}): HeaderFields | null {
  const m = APACHE.exec(line);
  if (!m) return null;
  const priority = levelWordPriority(m[3]!);
  if (priority === null) return null;
  return {
    time: looseTime(m[1]!, opts),
    priority,
    severityBasis: 'level-field',
    app: m[2] ?? null,
    pid: m[4] ? Number(m[4]) : null,
    host: null,
    message: line.slice(m[0].length),
  };
}

export function parseNginxError(line: string, opts: TimeOptions = {}): HeaderFields | null {
  const m = NGINX.exec(line);
  if (!m) return null;
  const priority = levelWordPriority(m[2]!);
  if (priority === null) return null;
  return {
    time: looseTime(m[1]!, opts),
    priority,
    severityBasis: 'level-field',
    app: 'nginx',
    pid: Number(m[3]),
    host: null,
    message: line.slice(m[0].length),
  };
}

export function apacheErrorParser(opts: TimeOptions = {}): LineParser {
  return { name: 'apache', parse: (line) => parseApacheError(line, opts) };
}

export function nginxErrorParser(opts: TimeOptions = {}): LineParser {
  return { name: 'nginx', parse: (line) => parseNginxError(line, opts) };
}
