/**
 * Account changes as shadow-utils (useradd, userdel, usermod, groupadd, groupdel, groupmod,
 * gpasswd, chage, chsh, chfn) and PAM (passwd, chpasswd) log them. One change often logs several
 * lines (groupadd writes "group added to /etc/group", "… /etc/gshadow" and "new group"; usermod
 * writes the same membership to group and gshadow): only the line that states the change once is
 * recognised, so one change is one event.
 */
import type { AccountAction } from './auth-event.js';

export type AccountLine = { action: AccountAction; user: string | null; group: string | null; detail: string };

type Rule = { re: RegExp; action: AccountAction; user?: number; group?: number };

const Q = "'(.*)'";
const RULES: Rule[] = [
  { re: /^new user: name=(.*?), UID=/s, action: 'user-added', user: 1 },
  { re: /^new group: name=(.*?), GID=/s, action: 'group-added', group: 1 },
  { re: new RegExp(`^add ${Q} to group ${Q}$`, 's'), action: 'member-added', user: 1, group: 2 },
  { re: new RegExp(`^delete user ${Q}$`, 's'), action: 'user-deleted', user: 1 },
  { re: new RegExp(`^removed group ${Q} owned by ${Q}$`, 's'), action: 'group-deleted', group: 1 },
  { re: new RegExp(`^delete ${Q} from group ${Q}$`, 's'), action: 'member-removed', user: 1, group: 2 },
  { re: /^change user '(.*)' (?:UID|GID|home|shell|inactive|expiration) from /s, action: 'user-modified', user: 1 },
  { re: new RegExp(`^change user name ${Q} to `, 's'), action: 'user-modified', user: 1 },
  { re: new RegExp(`^(?:un)?lock user ${Q} password$`, 's'), action: 'user-modified', user: 1 },
  { re: new RegExp(`^change user ${Q} password$`, 's'), action: 'password-changed', user: 1 },
  { re: new RegExp(`^group ${Q} removed$`, 's'), action: 'group-deleted', group: 1 },
  { re: /^group changed in (?!\S*gshadow)\S+ \(group (.*?)\/\d+/s, action: 'group-modified', group: 1 },
  { re: /^user (.*) added by .* to group (\S+)$/s, action: 'member-added', user: 1, group: 2 },
  { re: /^user (.*) removed by .* from group (\S+)$/s, action: 'member-removed', user: 1, group: 2 },
  { re: /^members of group (\S+) set by /s, action: 'group-modified', group: 1 },
  { re: /^password of group (\S+) (?:changed|removed) by /s, action: 'group-modified', group: 1 },
  { re: /^changed password expiry for (.*)$/s, action: 'user-modified', user: 1 },
  { re: new RegExp(`^changed user ${Q} (?:shell to |information$)`, 's'), action: 'user-modified', user: 1 },
  { re: /^pam_unix\([^:()]+:chauthtok\): password changed for (.*)$/s, action: 'password-changed', user: 1 },
];

/** Programs whose lines may be account changes (journal units, e.g. `passwd.service`, never are). */
export const ACCOUNT_APPS = new Set([
  'useradd',
  'userdel',
  'usermod',
  'groupadd',
  'groupdel',
  'groupmod',
  'gpasswd',
  'chage',
  'chsh',
  'chfn',
  'passwd',
  'chpasswd',
  'newusers',
  'chgpasswd',
]);

export function recogniseAccount(message: string): AccountLine | null {
  for (const rule of RULES) {
    const m = rule.re.exec(message);
    if (!m) continue;
    return {
      action: rule.action,
      user: rule.user === undefined ? null : (m[rule.user] ?? null),
      group: rule.group === undefined ? null : (m[rule.group] ?? null),
      detail: message,
    };
  }
  return null;
}
