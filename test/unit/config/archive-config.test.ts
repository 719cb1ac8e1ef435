import { describe, expect, it } from 'vitest';
import { configIssues, parseTestConfig } from '../../utils/config-issues.js';

const s3 = (extra: Record<string, unknown> = {}) => ({ archive: { s3: { bucket: 'reports-eu', ...extra } } });

describe('archive.s3', () => {
  it('is absent by default: the archive stays a directory', () => {
    const c = parseTestConfig({});
    expect(c.archive.s3).toBeUndefined();
    expect(c.paths.archive).toBe('/srv/checkup/data/archive');
  });

  it('reads YAML with defaults, the prefix kept apart by one trailing slash', () => {
    const c = parseTestConfig(s3({ endpoint: 'http://minio.internal:9000', prefix: 'team-a/checkup', forcePathStyle: true }));
    expect(c.archive.s3).toEqual({
      endpoint: 'http://minio.internal:9000',
      bucket: 'reports-eu',
      prefix: 'team-a/checkup/',
      region: 'us-east-1',
      forcePathStyle: true,
      requestTimeout: 30_000,
      writerLease: 15_000,
    });
  });

  it('takes credentials from the AWS variables only where archive.s3 is configured', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'tok' };
    expect(parseTestConfig(s3(), env).archive.s3).toMatchObject({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'tok' });
    // AWS credentials meant for other tools do not turn the archive into an S3 one.
    expect(parseTestConfig({}, env).archive.s3).toBeUndefined();
  });

  it('is configured from CHECKUP_ARCHIVE_S3_* alone', () => {
    const c = parseTestConfig(
      {},
      {
        CHECKUP_ARCHIVE_S3_BUCKET: 'reports-eu',
        CHECKUP_ARCHIVE_S3_ENDPOINT: 'https://s3.example.test',
        CHECKUP_ARCHIVE_S3_FORCE_PATH_STYLE: 'true',
        CHECKUP_ARCHIVE_S3_REGION: 'eu-central-1',
      },
    );
    expect(c.archive.s3).toMatchObject({ bucket: 'reports-eu', endpoint: 'https://s3.example.test', forcePathStyle: true, region: 'eu-central-1' });
  });

  it('names the path and the value of every bad setting', () => {
    const issues = configIssues(
      s3({
        bucket: 'Reports_EU',
        endpoint: 'ftp://store',
        prefix: '/abs/../x',
        region: 'EU WEST',
        forcePathStyle: 'yes',
        requestTimeout: '0s',
        writerLease: '2h',
        acl: 'public',
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^archive\.s3\.bucket: a bucket name: .* \(got "Reports_EU"\)$/),
        expect.stringMatching(/^archive\.s3\.endpoint: expected an http:\/\/ or https:\/\/ URL \(got "ftp:\/\/store"\)$/),
        expect.stringMatching(/^archive\.s3\.prefix: a key prefix: .* \(got "\/abs\/\.\.\/x"\)$/),
        expect.stringMatching(/^archive\.s3\.region: a region such as us-east-1 \(got "EU WEST"\)$/),
        expect.stringMatching(/^archive\.s3\.forcePathStyle: expected true or false/),
        'archive.s3.requestTimeout: duration "0s" is out of range (1s to 10m)',
        'archive.s3.writerLease: duration "2h" is out of range (2s to 5m)',
        'archive.s3.acl: unknown key',
      ]),
    );
  });

  it('names the environment variable a bad value came from, and a key without its secret', () => {
    expect(configIssues({}, { CHECKUP_ARCHIVE_S3_BUCKET: 'x' })).toEqual([
      expect.stringMatching(/^CHECKUP_ARCHIVE_S3_BUCKET \(archive\.s3\.bucket\): a bucket name: .* \(got "x"\)$/),
    ]);
    expect(configIssues(s3(), { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })).toEqual([
      'archive.s3.secretAccessKey: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both or neither',
    ]);
  });

  it('refuses an archive.s3 without a bucket', () => {
    expect(configIssues({ archive: { s3: { endpoint: 'http://127.0.0.1:9000' } } })).toEqual([expect.stringMatching(/^archive\.s3\.bucket: /)]);
  });
});
