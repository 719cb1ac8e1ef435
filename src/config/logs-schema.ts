import { z } from 'zod';
import { COMPRESSED } from '../logs/sources/glob.js';
import { ZRegex, ZUnit } from './checks-schema.js';
import { ZId, zBytes, zDuration } from './primitives.js';

/**
 * Header formats a file source may name. The parser stage owns what each means; the source stage
 * only carries the string. Anything else must be a pattern in logparser's notation with `<Content>`.
 */
export const LOG_FORMAT_NAMES = ['auto', 'syslog', 'rfc3164', 'rfc5424', 'iso8601', 'json', 'journal', 'apache', 'nginx'] as const;

const ZLogFormat = z
  .string()
  .min(1)
  .max(500)
  .superRefine((f, ctx) => {
    if ((LOG_FORMAT_NAMES as readonly string[]).includes(f) || f.includes('<Content>')) return;
    ctx.addIssue({
      code: 'custom',
      message: `unknown log format "${f}" (use ${LOG_FORMAT_NAMES.join(', ')}, or a pattern such as "<Date> <Time> <Level>: <Content>")`,
    });
  });

/** Absolute, so the agent reads the same file whatever its working directory. Globs (*, ?, [..]) allowed. */
const ZLogPath = z
  .string()
  .min(2)
  .max(4096)
  .superRefine((p, ctx) => {
    if (!p.startsWith('/')) ctx.addIssue({ code: 'custom', message: `log path "${p}" is not absolute (start it with /)` });
    if (p.includes('**')) ctx.addIssue({ code: 'custom', message: `log path "${p}": ** is not supported; use one * per directory level` });
    if (p.includes('\0')) ctx.addIssue({ code: 'custom', message: 'log path holds a NUL character' });
    if (!/[*?[]/.test(p) && COMPRESSED.test(p))
      ctx.addIssue({ code: 'custom', message: `log path "${p}" is a compressed archive; archives are never read (name the live file)` });
  });

/** A SYSLOG_IDENTIFIER as journalctl matches it; never an option (leading "-") nor a match operator. */
const ZIdentifier = z.string().regex(/^[^\s=+-][^\s=]{0,63}$/, 'a syslog identifier: 1-64 characters, no spaces or "=", not starting with "-" or "+"');

const ZStartAt = z.enum(['end', 'beginning']);

export const ZJournalSource = z
  .strictObject({
    /** `auto` reads the journal when this host has one (files under /var/log/journal or /run/log/journal). */
    enabled: z.union([z.literal('auto'), z.boolean()], { error: 'enabled is auto, true or false' }).default('auto'),
    /** Read the journal files in this directory instead of the system journal (`journalctl -D`). */
    directory: ZLogPath.optional(),
    /** Read these journal files (globs allowed) instead of the system journal (`journalctl --file`). */
    files: z.array(ZLogPath).min(1).max(100).optional(),
    /** Only these units (an entry matching any unit or any identifier is read). Empty: all. */
    units: z.array(ZUnit).max(100).default([]),
    identifiers: z.array(ZIdentifier).max(100).default([]),
    /** Without a saved cursor: `end` starts at the newest entry, `beginning` reads the whole journal first. */
    startAt: ZStartAt.default('end'),
    /** The journalctl binary. */
    journalctl: z.string().min(1).max(4096).default('journalctl'),
  })
  .superRefine((j, ctx) => {
    if (j.directory !== undefined && j.files !== undefined) ctx.addIssue({ code: 'custom', path: ['files'], message: 'give directory or files, not both' });
  });

export const ZFileSource = z.strictObject({
  /** The source's id in counts, reports and position files. */
  name: ZId,
  /** Files and globs; compressed archives (.gz, .xz, .bz2, .zst…) are never read. */
  paths: z.array(ZLogPath).min(1).max(100),
  /** A format name, or a logparser pattern such as "<Date> <Time> <Level>: <Content>". */
  format: ZLogFormat.default('auto'),
  /** Read a path that is a symlink. Off: a log replaced by a link to /etc/shadow is not read. */
  followSymlinks: z.boolean().default(false),
  /** For a file first seen when the agent starts without a saved position; files appearing later are read from their start. */
  startAt: ZStartAt.default('end'),
});

export const ZLogsConfig = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** How often the agent reads its log sources. */
    interval: zDuration({ min: '100ms', max: '1m' }).prefault('2s'),
    journal: ZJournalSource.prefault({}),
    /**
     * File sources. Absent: on a host without a journal, syslog (/var/log/syslog or messages),
     * auth (/var/log/auth.log or secure) and kern (/var/log/kern.log), those that exist. [] reads none.
     */
    files: z.array(ZFileSource).max(100).optional(),
    limits: z
      .strictObject({
        /** A longer line is cut here (and counted); the rest up to its newline is skipped. */
        maxLineBytes: zBytes({ min: '1KB', max: '16MB' }).prefault('64KB'),
        /** Read at most this much per source per interval; the rest waits for the next one. */
        readBytesPerTick: zBytes({ min: '64KB', max: '1GB' }).prefault('4MB'),
        /** A glob matching more files than this reads the first ones (by name) and warns. */
        maxFilesPerSource: z.number().int().min(1).max(10_000).default(200),
        /** A rotated or deleted file is kept open this long for lines its writer still appends. */
        rotateWait: zDuration({ min: '1s', max: '10m' }).prefault('10s'),
      })
      .prefault({}),
    /** Extra patterns masked in kept examples (regular expressions, case-insensitive). */
    redact: z.array(ZRegex).max(100).default([]),
  })
  .superRefine((l, ctx) => {
    const seen = new Set<string>(['journal']);
    for (const [i, f] of (l.files ?? []).entries()) {
      if (seen.has(f.name))
        ctx.addIssue({ code: 'custom', path: ['files', i, 'name'], message: `source name "${f.name}" is used twice (journal is reserved)` });
      seen.add(f.name);
    }
  });

export type LogsConfig = z.output<typeof ZLogsConfig>;
export type JournalSourceConfig = z.output<typeof ZJournalSource>;
export type FileSourceConfig = z.output<typeof ZFileSource>;
