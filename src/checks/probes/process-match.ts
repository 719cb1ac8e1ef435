import { basename } from 'node:path';
import type { CheckOf } from '../../config/checks-schema.js';
import { parsePidStatus } from '../../collect/proc-pid.js';
import { readText } from '../../collect/read-text.js';
import type { ProbeContext } from './probe.js';
import type { Proc } from './proc-list.js';

/** Whether a process is the command the check names (true when it names none). */
export function matcher(check: CheckOf<'process'>): (p: Proc) => boolean {
  if (check.match !== undefined) {
    const want = check.match.toLowerCase();
    return (p) => p.comm.toLowerCase() === want || (p.argv[0] !== undefined && basename(p.argv[0]).toLowerCase() === want);
  }
  if (check.regex === undefined) return () => true;
  const re = new RegExp(check.regex, 'i');
  return check.fullCommand ? (p) => re.test(p.argv.join(' ') || p.comm) : (p) => re.test(p.comm);
}

/** Whether the process runs as `user` (a name or a uid); true when the check names none. */
export async function ownedBy(o: {
  check: CheckOf<'process'>;
  ctx: ProbeContext;
  pid: number;
  userName: (uid: number | null) => Promise<string>;
}): Promise<boolean | null> {
  if (o.check.user === undefined) return true;
  const status = await readText(`${o.ctx.procRoot}/${o.pid}/status`);
  if (status === null) return null;
  const uid = parsePidStatus(status).uid;
  return String(uid) === o.check.user || (await o.userName(uid)) === o.check.user;
}

export function describeMatch(check: CheckOf<'process'>): string {
  const what = check.match !== undefined ? `"${check.match}"` : check.regex !== undefined ? `/${check.regex}/i` : 'any command';
  return `${what}${check.user ? ` as ${check.user}` : ''}`;
}
