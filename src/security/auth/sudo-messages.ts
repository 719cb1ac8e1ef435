/**
 * sudo and su lines. sudo logs one line per use:
 *   `carol : TTY=pts/0 ; PWD=/home/carol ; USER=root ; COMMAND=/usr/bin/id -u`           (ran)
 *   `carol : 1 incorrect password attempt ; TTY=… ; USER=root ; COMMAND=/usr/bin/true`   (failed)
 *   `bob : user NOT in sudoers ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/true`           (failed)
 * The `pam_unix(sudo:auth): authentication failure` line before a failure says the same thing
 * again, so it is not an event of its own. COMMAND is the last field and may itself contain " ; ".
 *
 * su (util-linux) logs `(to root) carol on pts/0` and `FAILED SU (to root) carol on none`; shadow's
 * su logs `Successful su for root by carol` and `FAILED su for root by carol`. su logs no command.
 */
export type SudoLine = { user: string; runAs: string | null; command: string | null; ok: boolean; reason: string | null };

const COMMAND_FIELD = ' ; COMMAND=';

export function recogniseSudo(message: string): SudoLine | null {
  const colon = message.indexOf(' : ');
  if (colon < 0) return null;
  const user = message.slice(0, colon).trim();
  if (user === '' || user.includes('(')) return null; // `pam_unix(sudo:auth): …` and friends
  const rest = message.slice(colon + 3);
  const cmdAt = rest.indexOf(COMMAND_FIELD);
  let head = rest;
  let command: string | null = null;
  if (cmdAt >= 0) {
    head = rest.slice(0, cmdAt);
    command = rest.slice(cmdAt + COMMAND_FIELD.length);
  } else if (rest.startsWith('COMMAND=')) {
    head = '';
    command = rest.slice('COMMAND='.length);
  }
  let runAs: string | null = null;
  let reason: string | null = null;
  let sawField = false;
  for (const field of head === '' ? [] : head.split(' ; ')) {
    const eq = field.indexOf('=');
    if (eq > 0 && /^[A-Z]+$/.test(field.slice(0, eq))) {
      sawField = true;
      if (field.startsWith('USER=')) runAs = field.slice(5);
    } else if (reason === null) {
      reason = field.trim();
    }
  }
  // A sudo line always carries key=value fields; without any this is some other " : " message.
  if (!sawField && command === null) return null;
  return { user, runAs, command, ok: reason === null, reason };
}

const SU_UTIL_LINUX = /^(FAILED SU )?\(to (.*?)\) (.*) on (\S+)$/s;
const SU_SHADOW = /^(Successful|FAILED) su for (.*?) by (.*)$/s;

export function recogniseSu(message: string): SudoLine | null {
  let m = SU_UTIL_LINUX.exec(message);
  if (m) return { user: m[3]!, runAs: m[2]!, command: null, ok: m[1] === undefined, reason: m[1] ? 'authentication failure' : null };
  m = SU_SHADOW.exec(message);
  if (m) return { user: m[3]!, runAs: m[2]!, command: null, ok: m[1] === 'Successful', reason: m[1] === 'FAILED' ? 'authentication failure' : null };
  return null;
}
