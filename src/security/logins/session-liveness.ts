/**
 * Is a session with no logout record still open on this machine? The same test `last` applies: the
 * login is after the current boot, the account exists, and the login process is alive with that
 * account's loginuid (or, without /proc/<pid>/loginuid, the terminal is owned by it). Anything less
 * is "gone": a process id alone is reused within minutes on a busy host.
 */
import { readFileSync, statSync } from 'node:fs';

export type LivenessProbe = (session: { user: string; pid: number; line: string; login: number }) => boolean;

function bootTimeMs(procRoot: string): number | null {
  const m = /^btime (\d+)$/m.exec(readFileSync(`${procRoot}/stat`, 'utf8'));
  return m ? Number(m[1]) * 1000 : null;
}

function uidsByName(passwdPath: string): Map<string, number> {
  const uids = new Map<string, number>();
  for (const line of readFileSync(passwdPath, 'utf8').split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid)) uids.set(name, Number(uid));
  }
  return uids;
}

export function localLivenessProbe(opts: { procRoot?: string; passwdPath?: string } = {}): LivenessProbe {
  const procRoot = opts.procRoot ?? '/proc';
  const boot = bootTimeMs(procRoot);
  const uids = uidsByName(opts.passwdPath ?? '/etc/passwd');
  return ({ user, pid, line, login }) => {
    // `last` compares whole seconds: a login in the boot's own second still counts as after it.
    if (boot === null || Math.floor(login / 1000) * 1000 < boot || pid <= 0) return false;
    const uid = uids.get(user);
    if (uid === undefined) return false;
    try {
      const loginuid = readFileSync(`${procRoot}/${pid}/loginuid`, 'utf8').trim();
      return /^\d+$/.test(loginuid) && Number(loginuid) === uid;
    } catch {
      try {
        return statSync(`/dev/${line}`).uid === uid;
      } catch {
        return false;
      }
    }
  };
}
