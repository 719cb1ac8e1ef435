import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { knownDead, processStartTime, thisProcess, type ProcessIdentity } from '../../shared/process-identity.js';

/** What a worker writes to <data>/run for each Chromium it starts, so a successor can end it. */
export type BrowserRecord = { owner: ProcessIdentity; browserPid: number; browserStart: string | null; profile: string; startedAt: string };

export function recordBrowser(o: { runDir: string; browserPid: number; profile: string }): string {
  mkdirSync(o.runDir, { recursive: true });
  const path = join(o.runDir, `chromium-${process.pid}-${o.browserPid}.json`);
  const rec: BrowserRecord = {
    owner: thisProcess(),
    browserPid: o.browserPid,
    browserStart: processStartTime(o.browserPid),
    profile: o.profile,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(path, JSON.stringify(rec));
  return path;
}

/**
 * Ends the Chromium of workers that died without closing it (SIGKILL, OOM kill, power loss of a
 * container's init): a hung browser never notices its pipe closed and lives on under PID 1.
 * A record is acted on only if its worker is known to be dead on this host, and the process is
 * killed only if it is still that Chromium: same start time and its own --user-data-dir.
 */
export function reapOrphanBrowsers(o: { runDir: string; log: Logger }): number {
  let files: string[];
  try {
    files = readdirSync(o.runDir).filter((f) => /^chromium-\d+-\d+\.json$/.test(f));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const f of files) {
    const path = join(o.runDir, f);
    const rec = readRecord(path);
    if (rec && (rec.owner.pid === process.pid || !knownDead(rec.owner))) continue;
    if (rec && isThatChromium(rec)) {
      killTree(rec.browserPid);
      killed++;
      o.log.warn({ pid: rec.browserPid, worker: rec.owner.pid, since: rec.startedAt }, 'ended the Chromium of a worker that died');
    }
    if (rec?.profile.includes('checkup-chromium-')) rmSync(rec.profile, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
  return killed;
}

function readRecord(path: string): BrowserRecord | null {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as BrowserRecord;
    return typeof r.browserPid === 'number' && typeof r.profile === 'string' && r.owner ? r : null;
  } catch {
    return null;
  }
}

function isThatChromium(rec: BrowserRecord): boolean {
  const start = processStartTime(rec.browserPid);
  if (start === null || (rec.browserStart !== null && start !== rec.browserStart)) return false;
  try {
    const argv = readFileSync(`/proc/${rec.browserPid}/cmdline`, 'utf8').split('\0');
    return /chrom/i.test(argv[0] ?? '') && argv.includes(`--user-data-dir=${rec.profile}`);
  } catch {
    return false;
  }
}

/** SIGKILL (which also ends a SIGSTOPped process) to Chromium's process group, which it leads. */
export function killTree(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
