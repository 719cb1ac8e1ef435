/**
 * Which recogniser reads an entry, from its program name. Syslog tags are `sshd`, `sshd-session`
 * (OpenSSH 9.8+ runs each connection in it), `sshd-auth` (10.0+), `sudo`, `su`, `useradd`…; the
 * journal may give a unit instead (`ssh.service` on Debian, `sshd.service` elsewhere).
 */
import { ACCOUNT_APPS } from './account-messages.js';

export type AuthApp = 'sshd' | 'sudo' | 'su' | 'account';

export function authAppOf(app: string | null): AuthApp | null {
  // `sshd -E FILE` writes bare messages with no header at all: those are sshd's.
  if (app === null) return 'sshd';
  let name = app;
  if (name.endsWith('.service')) name = name.slice(0, -'.service'.length);
  // `sshd@<n>-<addr>:22-<peer>` is a socket-activated per-connection unit.
  if (name === 'sshd' || name === 'ssh' || name.startsWith('sshd-') || name.startsWith('sshd@')) return 'sshd';
  if (name === 'sudo') return 'sudo';
  if (name === 'su') return 'su';
  if (ACCOUNT_APPS.has(name)) return 'account';
  return null;
}
