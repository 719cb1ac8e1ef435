import { describe, expect, it } from 'vitest';
import {
  ExampleKeeper,
  MAX_EXAMPLE_CHARS,
  RedactPatternError,
  ZRedactPatterns,
  compileRedactPatterns,
  createRedactor,
} from '../../../src/logs/redact/index.js';

const redact = createRedactor();

describe('built-in redaction', () => {
  it.each([
    ['login ok password=hunter2 user=bob', 'login ok password=*** user=bob'],
    ['PGPASSWORD=s3cret psql -h db', 'PGPASSWORD=*** psql -h db'],
    ['{"user":"bob","password":"hunter2","ok":true}', '{"user":"bob","password":"***","ok":true}'],
    ["client_secret: 'abc def'", "client_secret: '***'"],
    ['GET /cb?code=1&access_token=AbC123&x=1', 'GET /cb?code=1&access_token=***&x=1'],
    ['api_key = ZXhhbXBsZQ, next', 'api_key = ***, next'],
    ['sessionid=8f1e2d;path=/', 'sessionid=***;path=/'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: ***'],
    ['curl -H "Authorization: Bearer abc.def.ghi" https://x', 'curl -H "Authorization: ***'],
    ['sent Bearer eyJhbGciOiJIUzI1NiJ9abc to upstream', 'sent Bearer *** to upstream'],
    ['Cookie: sid=abc; theme=dark', 'Cookie: ***'],
    ['connect postgres://app:Pa55w0rd@db:5432/app failed', 'connect postgres://app:***@db:5432/app failed'],
    ['run --password=hunter2 --user bob', 'run --password=*** --user bob'],
    ['run --token "a b c" now', 'run --token *** now'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ok', 'jwt *** ok'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key *** used'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 seen', 'token *** seen'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- after', '-----BEGIN PRIVATE KEY----- *** after'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary auth lines alone', () => {
    for (const line of [
      'Failed password for invalid user admin from 10.0.0.1 port 22 ssh2',
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.1',
      'pam_unix(sshd:session): session opened for user root by (uid=0)',
      'Accepted password for deploy from 10.0.0.2 port 50000 ssh2',
    ]) {
      expect(redact(line)).toBe(line);
    }
  });

  it('cuts before redacting, so a long line costs no more than MAX_EXAMPLE_CHARS', () => {
    const out = redact(`password=${'x'.repeat(100_000)}`);
    expect(out).toBe('password=***');
    expect(redact('a'.repeat(5000)).length).toBe(MAX_EXAMPLE_CHARS);
  });
});

describe('user patterns', () => {
  it('masks the whole match, or only the group named secret', () => {
    const r = createRedactor(compileRedactPatterns(['\\bSSN \\d{3}-\\d{2}-\\d{4}', 'mysql -p(?<secret>\\S+)']));
    expect(r('customer SSN 123-45-6789 on file')).toBe('customer *** on file');
    expect(r('customer ssn 123-45-6789 on file')).toBe('customer *** on file');
    expect(r('ran mysql -phunter2 -u root')).toBe('ran mysql -p*** -u root');
  });

  it('refuses patterns that do not compile, match nothing-and-everything, or are too many', () => {
    expect(() => compileRedactPatterns(['('])).toThrow(RedactPatternError);
    expect(() => compileRedactPatterns(['a*'])).toThrow(/matches the empty string/);
    expect(() => compileRedactPatterns(Array.from({ length: 101 }, (_, i) => `x${i}`))).toThrow(/at most 100/);
    const bad = ZRedactPatterns.safeParse(['ok', '[']);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/redact pattern 1/);
  });
});

describe('ExampleKeeper', () => {
  it('keeps the first few distinct examples, redacted, for a bounded number of templates', () => {
    const k = new ExampleKeeper({ perTemplate: 2, maxTemplates: 1 });
    k.offer('t1', 'login password=a');
    k.offer('t1', 'login password=b');
    k.offer('t1', 'login user=c');
    k.offer('t1', 'login user=d');
    k.offer('t2', 'other');
    expect(k.examples('t1')).toEqual(['login password=***', 'login user=c']);
    expect(k.examples('t2')).toEqual([]);
  });
});

describe('no tail of a secret survives', () => {
  it('masks a quoted value the cut left open, and a long bare value whole', () => {
    expect(redact(`{"password":"${'p'.repeat(2000)}"}`)).toBe('{"password":"***');
    expect(redact(`x token=${'t'.repeat(900)} y`)).toBe('x token=*** y');
    expect(redact(`db postgres://u:${'s'.repeat(600)}@h/db`)).toBe('db postgres://u:***@h/db');
  });
});

describe('keys that only look like secrets', () => {
  it('leaves userauth, signal and counters alone', () => {
    for (const line of ['input_userauth_request: invalid user webmaster [preauth]', 'worker exited on signal: 15', 'tokens=5 passes=2', 'auth: ok']) {
      expect(redact(line)).toBe(line);
    }
    expect(redact('token_v2=abc db_password: x')).toBe('token_v2=*** db_password: ***');
  });
});
