import { z } from 'zod';
import { parsePortRule } from '../security/ports/port-allowlist.js';
import { DEFAULT_HOME_FILES, DEFAULT_WATCH } from '../security/files/watch-list.js';
import { ZId, zBytes, zDuration } from './primitives.js';

/** An absolute path (globs allowed where said): no NUL, at most PATH_MAX. */
const ZAbsPath = z
  .string()
  .max(4096)
  .regex(/^\/[^\0]*$/, 'an absolute path (starting with /)');

/** A path under each account's home, e.g. `.ssh/authorized_keys`: relative, no `..`. */
const ZHomePath = z
  .string()
  .max(1024)
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\0]+$/, 'a path relative to a home directory, without ".."');

/** `22` (tcp and udp), `tcp/22` or `udp/53`. */
const ZPortRule = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const rule = parsePortRule(value);
  if (!rule) {
    ctx.addIssue({ code: 'custom', message: `not a port rule ${JSON.stringify(value)} (use 22, tcp/22 or udp/53; ports 1-65535)` });
    return z.NEVER;
  }
  return rule;
});

export const ZSecurityConfig = z.strictObject({
  /** Whether the agent collects security signals (auth events, ports, files, who is logged in). */
  enabled: z.boolean().default(true),
  /** How often the agent snapshots ports, files and utmp, and compares them with the last snapshot. 10s–1h. */
  interval: zDuration({ min: '10s', max: '1h' }).prefault('1m'),
  auth: z
    .strictObject({
      /**
       * The `logs:` sources (their names; `journal` for the journal) whose entries are read for
       * sshd, sudo, su and account events: the same reads, positions and rotation handling as the
       * log analysis. `auto`: every source the agent reads (the logs stage never reads the journal
       * and the files it feeds together, so no line is counted twice; entries of other programs
       * are passed over by their program name).
       */
      sources: z.union([z.literal('auto'), z.array(ZId).min(1).max(100)], { error: 'sources is "auto" or a list of log source names' }).default('auto'),
      /**
       * An sshd connection quiet this long is settled (its failures counted). sshd drops an
       * unauthenticated one after LoginGraceTime (2 min by default). 1m–1d.
       */
      connectionIdle: zDuration({ min: '1m', max: '1d' }).prefault('10m'),
    })
    .prefault({}),
  ports: z
    .strictObject({
      /** Exposed ports that are expected: listed, but no new-exposed-port alert. */
      allow: z.array(ZPortRule).max(1000).default([]),
      /**
       * Every Nth snapshot walks all of /proc/<pid>/fd to refresh every socket's holders; the
       * others re-check where each socket was found and walk only for new ones. 1–10000.
       */
      fullScanEvery: z.number().int().min(1).max(10_000).default(30),
    })
    .prefault({}),
  files: z
    .strictObject({
      /** Watch the built-in list (passwd, group, shadow, sudoers, sshd_config, authorized_keys, crontabs). */
      defaults: z.boolean().default(true),
      /** More files or globs (`*`, `?`, `[…]` within a path segment) to watch. */
      watch: z.array(ZAbsPath).max(1000).default([]),
      /** Files watched under every account's home from /etc/passwd. */
      homeFiles: z.array(ZHomePath).max(50).default(DEFAULT_HOME_FILES),
      /** At most this many files after globs are expanded; the rest are cut, and the cut is counted. 1–10000. */
      maxFiles: z.number().int().min(1).max(10_000).default(1000),
      /** Larger files get owner, mode and mtime but no hash. */
      maxFileBytes: zBytes({ min: '1KB', max: '1GB' }).prefault('16MB'),
      /** Unchanged files (same inode, size, mtime, ctime) keep their hash; every Nth snapshot hashes all again. 1–100000. */
      rehashEvery: z.number().int().min(1).max(100_000).default(60),
    })
    .prefault({}),
  logins: z
    .strictObject({
      utmp: ZAbsPath.default('/run/utmp'),
      wtmp: ZAbsPath.default('/var/log/wtmp'),
      btmp: ZAbsPath.default('/var/log/btmp'),
      /** Only the newest records this large are read from each file. */
      maxBytes: zBytes({ min: '4KB', max: '1GB' }).prefault('16MB'),
    })
    .prefault({}),
  /** Where the ports and files baselines are kept; default `<dataDir>/security`. */
  baselineDir: z.string().min(1).max(4096).optional(),
});

export type SecurityConfig = z.output<typeof ZSecurityConfig>;

/** The watch list a config asks for: the defaults (unless turned off) and its own. */
export function watchedPaths(config: SecurityConfig): string[] {
  return [...(config.files.defaults ? DEFAULT_WATCH : []), ...config.files.watch];
}
