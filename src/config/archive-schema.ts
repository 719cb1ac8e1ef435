import { z } from 'zod';
import { LIMITS, zDuration } from './primitives.js';

/** YAML booleans, and "true"/"false"/"1"/"0" from the environment. */
const ZFlag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: 'expected true or false' })
  .transform((v) => v === true || v === 'true' || v === '1');

const ZSecret = z.string().min(1).max(4096);

/** S3's bucket naming rules (3–63 characters, lowercase letters, digits, dots and hyphens). */
const ZBucket = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3 to 63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit');

/**
 * A key prefix such as "checkup/prod": no leading slash, no "..", no empty segment. Stored with
 * one trailing slash so that two prefixes can never share keys ("a" and "ab").
 */
const ZKeyPrefix = z
  .string()
  .max(512)
  .regex(/^(?:[A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]*\/?$/, 'a key prefix: segments of letters, digits or ._- separated by "/", no leading "/"')
  .refine((p) => !p.split('/').includes('..'), 'a key prefix may not contain ".."')
  .transform((p) => (p === '' || p.endsWith('/') ? p : `${p}/`));

/**
 * `archive.s3`: the archive on an S3-compatible store (AWS S3, MinIO, Ceph). Credentials come
 * from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the
 * YAML file stays free of secrets; without them the SDK's default chain applies (instance roles).
 */
export const ZArchiveS3 = z
  .strictObject({
    /** Absent: AWS S3 itself. MinIO, Ceph and the like: their http(s) URL. */
    endpoint: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    bucket: ZBucket,
    prefix: ZKeyPrefix.default(''),
    region: z
      .string()
      .regex(/^[a-z0-9-]{2,32}$/, 'a region such as us-east-1')
      .default('us-east-1'),
    /** Path-style URLs (endpoint/bucket/key): needed by most self-hosted stores. */
    forcePathStyle: ZFlag.default(false),
    accessKeyId: ZSecret.optional(),
    secretAccessKey: ZSecret.optional(),
    sessionToken: ZSecret.optional(),
    /** One request's limit; a store that hangs must not hold a render's lease forever. */
    requestTimeout: zDuration({ min: '1s', max: '10m' }).prefault('30s'),
    /**
     * The chain writer's lease in Redis (renewed every third of it): a writer that dies holds up
     * other writers at most this long, unless its process is seen gone on the same host.
     */
    writerLease: zDuration({ min: '2s', max: '5m' }).prefault('15s'),
  })
  .superRefine((s, ctx) => {
    if (Boolean(s.accessKeyId) !== Boolean(s.secretAccessKey))
      ctx.addIssue({
        code: 'custom',
        path: [s.accessKeyId ? 'secretAccessKey' : 'accessKeyId'],
        message: 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both or neither',
      });
  });

export const ZArchiveConfig = z.strictObject({
  dir: z.string().optional(),
  /** Default age after which archived files are pruned (the manifest line and hash stay); none keeps forever. */
  retention: zDuration({ min: '1h', max: LIMITS.decade * 10 }).optional(),
  /** Absent: the archive is a directory (`dir`, else <dataDir>/archive). */
  s3: ZArchiveS3.optional(),
});

export type ArchiveS3Config = z.output<typeof ZArchiveS3>;

/** Environment variables for `archive.s3`, one config path each. */
export const ARCHIVE_ENV_OVERRIDES: Array<[string, string[]]> = [
  ['CHECKUP_ARCHIVE_S3_ENDPOINT', ['archive', 's3', 'endpoint']],
  ['CHECKUP_ARCHIVE_S3_BUCKET', ['archive', 's3', 'bucket']],
  ['CHECKUP_ARCHIVE_S3_PREFIX', ['archive', 's3', 'prefix']],
  ['CHECKUP_ARCHIVE_S3_REGION', ['archive', 's3', 'region']],
  ['CHECKUP_ARCHIVE_S3_FORCE_PATH_STYLE', ['archive', 's3', 'forcePathStyle']],
];

/**
 * The standard AWS variables: applied only where `archive.s3` is configured, since a machine
 * with AWS credentials for other tools must not turn the archive into an S3 one.
 */
export const S3_CREDENTIAL_ENV: Array<[string, string[]]> = [
  ['AWS_ACCESS_KEY_ID', ['archive', 's3', 'accessKeyId']],
  ['AWS_SECRET_ACCESS_KEY', ['archive', 's3', 'secretAccessKey']],
  ['AWS_SESSION_TOKEN', ['archive', 's3', 'sessionToken']],
];
