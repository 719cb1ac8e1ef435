import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { ArchiveS3Config } from '../config/archive-schema.js';
import { AppError } from '../shared/errors.js';
import type { ArchiveStorage } from './storage.js';
import type { WriterLock } from './writer-lock.js';
import { manifestKey, s3ObjectKey } from './s3-keys.js';

export { manifestKey };

/** Manifest entries are fetched this many at a time: enough to hide latency, few enough for any store. */
const FETCH_PARALLEL = 8;

const notFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);
const preconditionFailed = (err: unknown) => err instanceof S3ServiceException && err.$metadata.httpStatusCode === 412;

/** One S3 client per archive; `requestChecksumCalculation: WHEN_REQUIRED` because MinIO, Ceph and s3rver refuse the SDK's default trailing checksums. */
export function createS3Client(c: ArchiveS3Config): S3Client {
  return new S3Client({
    region: c.region,
    forcePathStyle: c.forcePathStyle,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(c.accessKeyId && c.secretAccessKey
      ? { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) } }
      : {}),
    requestHandler: { requestTimeout: c.requestTimeout, connectionTimeout: Math.min(c.requestTimeout, 10_000) },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

/**
 * The archive on an S3-compatible store. Files are objects at `<prefix>objects/ab/<sha256>.<ext>`,
 * as on disk. S3 has no append, so each manifest line is an object of its own, named by sequence
 * number and hash and created with `If-None-Match: *`; the manifest is their listing in key order.
 * The single writer is `lock` (a fenced Redis lease): every chain write first checks it is still
 * held. A stale writer that slipped past that check writes a second object for the same number
 * (its hash differs, so nothing is overwritten), and verify names the fork.
 */
export function createS3Storage(o: { client: S3Client; config: ArchiveS3Config; lock: WriterLock }): ArchiveStorage {
  const { client, lock } = o;
  const { bucket, prefix } = o.config;
  const objectKey = (sha: string, ext: string) => s3ObjectKey(prefix, sha, ext);
  // Entries never change once written: a line is fetched again only when its ETag does (tampering).
  const cache = new Map<string, { etag: string; text: string }>();
  const fail = (what: string, err: unknown) =>
    new AppError('ARCHIVE_STORE', `archive s3://${bucket}/${prefix}: ${what} failed: ${(err as Error).message}`, { cause: err });

  const getText = async (key: string): Promise<string | null> => {
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await res.Body?.transformToString('utf8')) ?? '';
    } catch (err) {
      if (notFound(err)) return null;
      throw fail(`reading ${key}`, err);
    }
  };
  const listManifest = async (): Promise<Array<{ key: string; etag: string }>> => {
    const out: Array<{ key: string; etag: string }> = [];
    let token: string | undefined;
    do {
      const res = await client
        .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}manifest/`, ...(token ? { ContinuationToken: token } : {}) }))
        .catch((err: unknown) => {
          throw fail('listing the manifest', err);
        });
      for (const c of res.Contents ?? []) if (c.Key?.endsWith('.json')) out.push({ key: c.Key, etag: c.ETag ?? '' });
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };

  return {
    async putObject(sha, ext, bytes) {
      const Key = objectKey(sha, ext);
      const exists = await client.send(new HeadObjectCommand({ Bucket: bucket, Key })).then(
        () => true,
        (err: unknown) => {
          if (notFound(err)) return false;
          throw fail(`checking ${Key}`, err);
        },
      );
      if (exists) return;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, ContentLength: bytes.length })).catch((err: unknown) => {
        throw fail(`writing the ${ext} file`, err);
      });
    },
    async readObject(sha, ext) {
      const Key = objectKey(sha, ext);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        return res.Body ? Buffer.from(await res.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (err) {
        if (notFound(err)) return null;
        throw fail(`reading ${Key}`, err);
      }
    },
    async deleteObject(sha, ext) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(sha, ext) })).catch((err: unknown) => {
        throw fail(`deleting the ${ext} file ${sha}`, err);
      });
    },
    localPath: () => null,
    location: (sha, ext) => `s3://${bucket}/${objectKey(sha, ext)}`,
    async readManifest() {
      const listed = await listManifest();
      const lines: string[] = new Array<string>(listed.length);
      for (let i = 0; i < listed.length; i += FETCH_PARALLEL) {
        await Promise.all(
          listed.slice(i, i + FETCH_PARALLEL).map(async ({ key, etag }, j) => {
            const hit = cache.get(key);
            let text = hit && hit.etag === etag && etag !== '' ? hit.text : await getText(key);
            // Deleted between the listing and the read: as if it had not been listed.
            if (text === null) text = '';
            cache.set(key, { etag, text });
            lines[i + j] = text.trim();
          }),
        );
      }
      const kept = lines.filter((l) => l !== '');
      return kept.length ? `${kept.join('\n')}\n` : '';
    },
    async appendManifest(line) {
      const Key = `${prefix}${manifestKey(line)}`;
      await lock.assertHeld();
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: `${line}\n`, ContentType: 'application/json', IfNoneMatch: '*' }));
      } catch (err) {
        // The same key is the same content (it carries the hash): a retried request that landed.
        if (preconditionFailed(err)) return;
        throw fail(`writing manifest entry ${Key}`, err);
      }
    },
    withLock: (fn) => lock.run(fn),
  };
}
