/**
 * One sshd message → what it says about authentication, or null for everything else (key exchange,
 * `POSSIBLE BREAK-IN ATTEMPT` reverse-DNS notices, banners, sessions…). Pure and stateless: which
 * lines count as failures is the tracker's job, since that depends on the rest of the connection.
 *
 * Usernames are attacker-chosen and may contain spaces or text that looks like the rest of the
 * message ("x from 6.6.6.6 port 1 ssh2"), so a user is always matched greedily up to the LAST
 * ` from <addr> port <n>` that sshd itself appended.
 */
import { normaliseSource } from './address.js';

export type SshdLine =
  | { t: 'failed'; method: string; user: string; invalid: boolean; source: string; port: number; repeat: number }
  | { t: 'accepted'; method: string; user: string; source: string; port: number }
  | { t: 'invalid-user'; user: string; source: string; port: number | null }
  | { t: 'refused'; user: string; source: string | null; port: number | null; reason: string }
  | { t: 'pam-failure'; user: string | null; source: string | null; repeat: number }
  | { t: 'close'; user: string | null; source: string | null; port: number | null };

const FAILED = /^Failed (\S+) for (invalid user )?(.*) from (\S+) port (\d+)(?: ssh[12])?(?:: .*)?$/s;
const ACCEPTED = /^Accepted (\S+) for (.*) from (\S+) port (\d+)(?: ssh[12])?(?:: .*)?$/s;
const INVALID = /^(?:Invalid|Illegal) user (.*) from (\S+?)(?: port (\d+))?$/s;
const NOT_ALLOWED_FROM =
  /^User (.*) from (\S+) not allowed because (listed in DenyUsers|not listed in AllowUsers|not in any group|a group is listed in DenyGroups|none of user's groups are listed in AllowGroups)$/s;
const NOT_ALLOWED_LOCAL = /^User (.*) not allowed because (account is locked|shell \S+ does not exist|shell \S+ is not executable)$/s;
const ROOT_REFUSED = /^ROOT LOGIN REFUSED FROM (\S+?)(?: port (\d+))?(?: \[preauth\])?$/;
const MAX_TRIES = /^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+) port (\d+)(?: ssh[12])?(?: \[preauth\])?$/s;
const TOO_MANY = /^Disconnecting(?: authenticating user| invalid user)? (.*?)(?: (\S+) port (\d+))?: Too many authentication failures(?: \[preauth\])?$/s;
const TOO_MANY_OLD = /^Disconnecting: Too many authentication failures for (.*?)(?: \[preauth\])?$/s;
const PAM_FAILURE = /^pam_unix\(sshd:auth\): authentication failure;.*?rhost=(\S*)(?:\s+user=(.*))?$/s;
const PAM_ERROR = /^error: PAM: Authentication failure for (illegal user )?(.*) from (\S+)$/s;
const CLOSED_USER =
  /^(?:Connection closed|Connection reset|Disconnected from) (?:by )?(?:(?:invalid|authenticating) user |user )?(?:(.*) )?(\S+) port (\d+)(?: \[preauth\])?$/s;
const CLOSED_OLD = /^(?:Connection closed|Connection reset) by (\S+)(?: \[preauth\])?$/;
const RECEIVED_DISCONNECT = /^(?:error: )?Received disconnect from (\S+?)(?: port (\d+))?:/;
const REPEATED = /^message repeated (\d+) times: \[ ?(.*?)\]?$/s;

const port = (s: string | undefined): number | null => (s === undefined ? null : Number(s));

/** Recognise one sshd message; `repeat` is how many times rsyslog says it was repeated. */
export function recogniseSshd(message: string, repeat = 1): SshdLine | null {
  const c = message.charCodeAt(0);
  let m: RegExpExecArray | null;
  switch (c) {
    case 70: // F
      if (!message.startsWith('Failed ')) return null;
      m = FAILED.exec(message);
      if (!m) return null;
      return { t: 'failed', method: m[1]!, invalid: m[2] !== undefined, user: m[3]!, source: normaliseSource(m[4]!), port: Number(m[5]), repeat };
    case 65: // A
      if (!message.startsWith('Accepted ')) return null;
      m = ACCEPTED.exec(message);
      return m ? { t: 'accepted', method: m[1]!, user: m[2]!, source: normaliseSource(m[3]!), port: Number(m[4]) } : null;
    case 73: // I (Invalid user, Illegal user)
      m = INVALID.exec(message);
      return m ? { t: 'invalid-user', user: m[1]!, source: normaliseSource(m[2]!), port: port(m[3]) } : null;
    case 85: // U (User … not allowed because …)
      if (!message.startsWith('User ')) return null;
      m = NOT_ALLOWED_FROM.exec(message);
      if (m) return { t: 'refused', user: m[1]!, source: normaliseSource(m[2]!), port: null, reason: m[3]! };
      m = NOT_ALLOWED_LOCAL.exec(message);
      return m ? { t: 'refused', user: m[1]!, source: null, port: null, reason: m[2]! } : null;
    case 82: // R (ROOT LOGIN REFUSED, Received disconnect)
      if (message.startsWith('ROOT LOGIN REFUSED')) {
        m = ROOT_REFUSED.exec(message);
        return m ? { t: 'refused', user: 'root', source: normaliseSource(m[1]!), port: port(m[2]), reason: 'root login refused' } : null;
      }
      return received(message);
    case 109: // m (maximum authentication attempts, message repeated)
      if (message.startsWith('message repeated ')) return repeated(message);
      return maxTries(message);
    case 101: // e (error: maximum…, error: PAM…, error: Received disconnect)
      if (message.startsWith('error: maximum')) return maxTries(message);
      if (message.startsWith('error: PAM: Authentication failure')) {
        m = PAM_ERROR.exec(message);
        return m ? { t: 'pam-failure', user: m[2]!, source: normaliseSource(m[3]!), repeat } : null;
      }
      if (message.startsWith('error: Received disconnect')) return received(message);
      return null;
    case 112: // p (pam_unix(sshd:auth): authentication failure)
      if (!message.startsWith('pam_unix(sshd:auth): authentication failure')) return null;
      m = PAM_FAILURE.exec(message);
      if (!m) return null;
      return { t: 'pam-failure', source: m[1] ? normaliseSource(m[1]) : null, user: m[2] === undefined || m[2] === '' ? null : m[2], repeat };
    case 68: // D (Disconnecting …: Too many authentication failures, Disconnected from …)
      if (message.startsWith('Disconnected from ')) return closed(message);
      if (!message.startsWith('Disconnecting')) return null;
      m = TOO_MANY_OLD.exec(message);
      if (m) return { t: 'refused', user: m[1]!, source: null, port: null, reason: 'too many authentication failures' };
      m = TOO_MANY.exec(message);
      if (!m) return null;
      return { t: 'refused', user: m[1]!, source: m[2] ? normaliseSource(m[2]) : null, port: port(m[3]), reason: 'too many authentication failures' };
    case 67: // C (Connection closed/reset)
      return message.startsWith('Connection ') ? closed(message) : null;
    default:
      return null;
  }
}

function maxTries(message: string): SshdLine | null {
  const m = MAX_TRIES.exec(message);
  if (!m) return null;
  return { t: 'refused', user: m[2]!, source: normaliseSource(m[3]!), port: Number(m[4]), reason: 'maximum authentication attempts exceeded' };
}

function received(message: string): SshdLine | null {
  const m = RECEIVED_DISCONNECT.exec(message);
  return m ? { t: 'close', user: null, source: normaliseSource(m[1]!), port: port(m[2]) } : null;
}

function closed(message: string): SshdLine | null {
  let m = CLOSED_USER.exec(message);
  if (m) return { t: 'close', user: m[1] ?? null, source: normaliseSource(m[2]!), port: Number(m[3]) };
  m = CLOSED_OLD.exec(message);
  return m ? { t: 'close', user: null, source: normaliseSource(m[1]!), port: null } : null;
}

/** rsyslog's `message repeated N times: [ <message>]`: the line before it, N more times. */
function repeated(message: string): SshdLine | null {
  const m = REPEATED.exec(message);
  if (!m) return null;
  const inner = recogniseSshd(m[2]!, Number(m[1]));
  // Only counts carry a repeat; a repeated close or invalid-user notice says nothing new.
  return inner && (inner.t === 'failed' || inner.t === 'pam-failure') ? inner : null;
}
