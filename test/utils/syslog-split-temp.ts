/**
 * TEMPORARY, test-only: a minimal RFC 3164 splitter so the security tests run before the logs
 * stage's syslog parser (src/logs/parse) is merged. Deleted once it is; never used by src/.
 */
import type { AuthHeaderFields } from '../../src/security/auth/scan-auth-log.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RE = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\S+) ([^\s[:]+)(?:\[(\d+)\])?: (.*)$/s;

export function splitSyslogTemp(line: string): AuthHeaderFields | null {
  const m = RE.exec(line);
  if (!m) return null;
  const time = Date.UTC(2026, MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return { time, priority: null, severityBasis: 'none', app: m[7]!, pid: m[8] ? Number(m[8]) : null, host: m[6]!, message: m[9]! };
}
