import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver ships no types: the part used here.
type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
type S3rverCtor = new (o: { address: string; port: number; silent: boolean; directory: string; configureBuckets: Array<{ name: string }> }) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverCtor;

export type LocalS3 = {
  endpoint: string;
  bucket: string;
  /** s3rver's fixed key pair, as the AWS variables a Checkup process reads. */
  env: Record<string, string>;
  close(): Promise<void>;
};

/** s3rver's only accepted credentials. */
const KEY = 'S3RVER';

/**
 * A real S3-compatible HTTP server (s3rver, on disk in a temp dir) with one bucket, on the first
 * free port from `ports` (the scale suite's own range, so parallel sessions don't collide).
 */
export async function startLocalS3(o: { ports: [number, number]; bucket?: string }): Promise<LocalS3> {
  const bucket = o.bucket ?? 'checkup-test';
  const directory = mkdtempSync(join(tmpdir(), 'checkup-s3-'));
  for (let port = o.ports[0]; port <= o.ports[1]; port++) {
    const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    try {
      await server.run();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw err;
    }
    return {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      env: { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: KEY },
      async close() {
        await server.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`no free port for s3rver in ${o.ports[0]}-${o.ports[1]}`);
}
