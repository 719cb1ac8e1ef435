/**
 * The shapes a stored baseline must have before a diff trusts it. A baseline is a file an
 * operator (or an attacker with write access to the data dir) can edit: one that does not fit is
 * an error naming the file, never a crash in the middle of a diff.
 */
import { z } from 'zod';

const ZProcess = z.object({ pid: z.number().int(), name: z.string(), exe: z.string().nullable() });

export const ZPortsBaseline = z.object({
  time: z.number(),
  ownersComplete: z.boolean(),
  sockets: z.array(
    z.object({
      proto: z.enum(['tcp', 'udp']),
      family: z.union([z.literal(4), z.literal(6)]),
      address: z.string(),
      port: z.number().int().min(0).max(65535),
      scope: z.enum(['any', 'loopback', 'address']),
      exposed: z.boolean(),
      allowed: z.boolean(),
      uid: z.number().int(),
      user: z.string().nullable(),
      inode: z.number().int(),
      processes: z.array(ZProcess),
      ownerKnown: z.boolean(),
    }),
  ),
});

const n = z.number().nullable();
export const ZFilesBaseline = z.object({
  time: z.number(),
  cut: z.number().int(),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(['ok', 'missing', 'unreadable', 'too-large', 'not-a-file']),
      type: z.enum(['file', 'symlink']).nullable(),
      linkTarget: z.string().nullable(),
      sha256: z.string().nullable(),
      size: n,
      uid: n,
      gid: n,
      owner: z.string().nullable(),
      group: z.string().nullable(),
      mode: z.string().nullable(),
      mtime: n,
      ctime: n,
      error: z.string().nullable(),
    }),
  ),
});
