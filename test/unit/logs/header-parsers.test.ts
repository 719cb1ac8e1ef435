import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  parseApacheError,
  parseIsoPrefixed,
  parseJournalLine,
  parseJsonLine,
  parseLogfmt,
  parseNginxError,
  parserFor,
  patternParser,
  PatternError,
} from '../../../src/logs/parse/index.js';

const utc = { timeZone: 'UTC' as const, referenceTime: Date.UTC(2023, 11, 10) };
const T = Date.UTC(2023, 11, 7, 15, 44, 19, 123);

describe('ISO-8601-prefixed lines', () => {
  it('reads the level among the first words and keeps what follows as the message', () => {
    expect(parseIsoPrefixed('2023-12-07T15:44:19.123Z INFO  server started on :8080', utc)).toMatchObject({
      time: T,
      priority: 6,
      severityBasis: 'level-field',
      message: 'server started on :8080',
    });
    expect(parseIsoPrefixed('2023-12-07 15:44:19,123 [main] ERROR c.e.Foo - request failed', utc)).toMatchObject({
      time: T,
      priority: 3,
      app: null,
      message: 'c.e.Foo - request failed',
    });
    expect(parseIsoPrefixed('2023-12-07 15:44:19,123 - myapp - WARNING - disk low', utc)).toMatchObject({ priority: 4, app: 'myapp', message: 'disk low' });
    expect(parseIsoPrefixed('2023-12-07 15:44:19.123 4242 DEBUG x', utc)).toMatchObject({ priority: 7, pid: 4242, message: 'x' });
  });

  it("reads Go's slash dates and leaves the severity unknown when no level word is there", () => {
    expect(parseIsoPrefixed('2023/12/07 15:44:19 listening', utc)).toMatchObject({
      time: Date.UTC(2023, 11, 7, 15, 44, 19),
      priority: null,
      severityBasis: 'none',
      message: 'listening',
    });
  });

  it('is not a header when the time is not followed by a space', () => {
    expect(parseIsoPrefixed('2023-12-07T15:44:19Zfoo', utc)).toBeNull();
    expect(parseIsoPrefixed('    at x(Foo.java:1)', utc)).toBeNull();
  });
});

describe('JSON lines', () => {
  it('pino: numeric level, epoch ms, name, hostname, pid', () => {
    const f = parseJsonLine('{"level":50,"time":1701963859123,"pid":42,"hostname":"web-1","name":"api","msg":"db down"}');
    expect(f).toEqual({ time: 1701963859123, priority: 3, severityBasis: 'level-field', app: 'api', pid: 42, host: 'web-1', message: 'db down' });
    expect(parseJsonLine('{"level":60,"msg":"x"}')?.priority).toBe(2);
    expect(parseJsonLine('{"level":10,"msg":"x"}')?.priority).toBe(7);
  });

  it('bunyan (ISO time), zap (seconds as a float, logger), logrus (level words)', () => {
    expect(parseJsonLine('{"name":"api","hostname":"h","pid":1,"level":40,"msg":"slow","time":"2023-12-07T15:44:19.123Z","v":0}')).toMatchObject({
      time: T,
      priority: 4,
      app: 'api',
    });
    expect(parseJsonLine('{"level":"error","ts":1701963859.123,"logger":"db","caller":"db/x.go:12","msg":"boom"}')).toMatchObject({
      time: 1701963859123,
      priority: 3,
      app: 'db',
      message: 'boom',
    });
    expect(parseJsonLine('{"level":"warning","msg":"careful","time":"2023-12-07T16:44:19.123+01:00"}')).toMatchObject({ time: T, priority: 4 });
  });

  it("reads ECS, Python's levelname, Docker's json-file and structlog's event", () => {
    expect(parseJsonLine('{"@timestamp":"2023-12-07T15:44:19.123Z","log.level":"info","message":"ok","service":{"name":"svc"}}')).toMatchObject({
      time: T,
      priority: 6,
      message: 'ok',
      app: 'svc',
    });
    expect(parseJsonLine('{"log":{"level":"error"},"message":"nested"}')).toMatchObject({ priority: 3 });
    expect(parseJsonLine('{"levelname":"CRITICAL","message":"x"}')?.priority).toBe(2);
    expect(parseJsonLine('{"log":"panic: boom\\n","stream":"stderr","time":"2023-12-07T15:44:19.123Z"}')).toMatchObject({ message: 'panic: boom', time: T });
    expect(parseJsonLine('{"event":"user logged in","level":"info"}')?.message).toBe('user logged in');
  });

  it('keeps a broken or cut JSON line whole as its own entry, and leaves other lines to fold', () => {
    expect(parseJsonLine('{"level":30,"msg":"cut her')).toMatchObject({ message: '{"level":30,"msg":"cut her', priority: null });
    expect(parseJsonLine('["not","an","object"]')).toBeNull();
    expect(parseJsonLine('goroutine 1 [running]:')).toBeNull();
    expect(parseJsonLine('{"no":"message"}')?.message).toBe('{"no":"message"}');
  });
});

describe('journalctl -o json lines', () => {
  it('takes PRIORITY as the severity, the unit as the app, microseconds as the time', () => {
    const line = JSON.stringify({
      __REALTIME_TIMESTAMP: '1701963859123456',
      PRIORITY: '3',
      _SYSTEMD_UNIT: 'nginx.service',
      SYSLOG_IDENTIFIER: 'nginx',
      _PID: '812',
      _HOSTNAME: 'web-1',
      MESSAGE: 'worker died',
    });
    expect(parseJournalLine(line)).toEqual({
      time: 1701963859123,
      priority: 3,
      severityBasis: 'journal',
      app: 'nginx.service',
      pid: 812,
      host: 'web-1',
      message: 'worker died',
    });
  });

  it('falls back to SYSLOG_IDENTIFIER, decodes a binary MESSAGE, leaves a missing PRIORITY unknown', () => {
    const f = parseJournalLine(JSON.stringify({ SYSLOG_IDENTIFIER: 'sshd', MESSAGE: [104, 105, 0xff] }));
    expect(f).toMatchObject({ app: 'sshd', priority: null, severityBasis: 'none', message: 'hi\uFFFD' });
  });
});

describe('Apache and nginx error logs', () => {
  it('Apache 2.4 with module, pid and client; 2.2 with the level alone', () => {
    expect(parseApacheError('[Thu Dec 07 15:44:19.123456 2023] [core:error] [pid 1234:tid 5678] [client 10.0.0.1:5050] AH00126: Invalid URI', utc)).toEqual({
      time: T,
      priority: 3,
      severityBasis: 'level-field',
      app: 'core',
      pid: 1234,
      host: null,
      message: '[client 10.0.0.1:5050] AH00126: Invalid URI',
    });
    expect(parseApacheError('[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties', utc)).toMatchObject({
      time: Date.UTC(2005, 11, 4, 4, 47, 44),
      priority: 5,
      message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties',
    });
    expect(parseApacheError('[Sun Dec 04 04:47:44 2005] [trace4] x', utc)?.priority).toBe(7);
    expect(parseApacheError('[Sun Dec 04 04:47:44 2005] [bogus] x', utc)).toBeNull();
  });

  it('nginx: level, pid, the connection number dropped', () => {
    const line = '2023/12/07 15:44:19 [error] 1234#1234: *5 open() "/srv/x" failed (2: No such file or directory), client: 10.0.0.1';
    expect(parseNginxError(line, utc)).toMatchObject({
      time: Date.UTC(2023, 11, 7, 15, 44, 19),
      priority: 3,
      app: 'nginx',
      pid: 1234,
      message: 'open() "/srv/x" failed (2: No such file or directory), client: 10.0.0.1',
    });
    expect(parseNginxError('2023/12/07 15:44:19 [warn] 1#1: conflicting server name', utc)?.priority).toBe(4);
  });
});

describe('logfmt', () => {
  it('reads msg, level and time; quoted values with escapes', () => {
    expect(parseLogfmt('time="2023-12-07T15:44:19.123Z" level=warning msg="disk \\"sda\\" almost full" path=/var', utc)).toMatchObject({
      time: T,
      priority: 4,
      message: 'disk "sda" almost full',
    });
    expect(parseLogfmt('just words here')).toBeNull();
    expect(parseLogfmt('a=1 b=2')).toBeNull();
  });
});

describe('a user pattern in logparser notation', () => {
  it('maps Date+Time, Level, Component, Pid and Content', () => {
    const p = patternParser('<Date> <Time> <Pid> <Level> <Component>: <Content>', utc);
    expect(p.parse('2023-12-07 15:44:19,123 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_-1608999687919862906')).toEqual({
      time: T,
      priority: 6,
      severityBasis: 'level-field',
      app: 'dfs.DataNode$DataXceiver',
      pid: 143,
      host: null,
      message: 'Receiving block blk_-1608999687919862906',
    });
    expect(p.parse('    at Foo.bar(Foo.java:1)')).toBeNull();
  });

  it('reads single-letter levels in a level field (logcat) and pads of any width', () => {
    const p = patternParser('<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>', utc);
    expect(p.parse('03-17 16:13:38.811  1702  2395 W WindowManager: printFreezingDisplayLogs')).toMatchObject({
      priority: 4,
      app: 'WindowManager',
      pid: 1702,
      time: null,
    });
  });

  it('rejects a pattern with no Content, a repeated field, or two fields with nothing between', () => {
    expect(() => patternParser('<Date> <Time>')).toThrow(PatternError);
    expect(() => patternParser('<A> <A> <Content>')).toThrow(/appears twice/);
    expect(() => patternParser('<A><Content>')).toThrow(/need something between/);
    expect(() => parserFor('xml')).toThrow(/unknown format "xml"/);
  });

  it('stays linear on a long line that almost fits (no backtracking)', () => {
    const p = patternParser('<A> <B> <C> <D> <E> <F>: <Content>');
    // Six lazy groups over 64 KiB of spaces with no ': ' would take a backtracking regex forever.
    expect(p.parse(`${'a '.repeat(32 * 1024)}`)).toBeNull();
  });
});

describe('auto', () => {
  const names = (lines: string[]) => detectFormat(lines, utc).name;

  it('picks the format most of the first lines fit, stack traces notwithstanding', () => {
    expect(names(['Dec  7 15:44:19 h sshd[1]: a', 'Dec  7 15:44:20 h sshd[1]: b'])).toBe('syslog');
    expect(names(['2023-12-07T15:44:19.123+01:00 h sshd[1]: a', '2023-12-07T15:44:19.123+01:00 h cron[2]: b'])).toBe('syslog');
    expect(names(['2023-12-07T15:44:19Z INFO main: started', '2023-12-07T15:44:20Z WARN main: slow'])).toBe('iso');
    expect(names(['{"level":30,"msg":"a"}', '{"level":40,"msg":"b"}'])).toBe('json');
    expect(names([JSON.stringify({ __REALTIME_TIMESTAMP: '1', MESSAGE: 'a' })])).toBe('journal');
    expect(names(['2023/12/07 15:44:19 [error] 1#1: *5 boom'])).toBe('nginx');
    expect(names(['[Sun Dec 04 04:47:44 2005] [error] boom'])).toBe('apache');
    expect(names(['time="2023-12-07T15:44:19Z" level=info msg="a"'])).toBe('logfmt');
    const java = ['2023-12-07 15:44:19,123 ERROR [main] Foo - boom', 'java.lang.IllegalStateException: x', '\tat a.b(C.java:1)', '\tat a.b(C.java:2)'];
    expect(names(java)).toBe('iso');
  });

  it('falls back to plain when nothing fits', () => {
    expect(names(['hello', 'world', '\u0000\u0001binary'])).toBe('plain');
    expect(names([])).toBe('plain');
  });
});

describe('journal export read like the live journal', () => {
  it('names the program, not the session scope, and takes the first of a repeated field', () => {
    const line = JSON.stringify({ _SYSTEMD_UNIT: 'session-3.scope', SYSLOG_IDENTIFIER: 'sudo', PRIORITY: '5', MESSAGE: [[104, 105], [120]] });
    expect(parseJournalLine(line)).toMatchObject({ app: 'sudo', priority: 5, message: 'hi' });
  });
});

describe('the formats the logs: config accepts', () => {
  it('each names a parser here', async () => {
    const { LOG_FORMAT_NAMES } = await import('../../../src/config/logs-schema.js');
    for (const f of LOG_FORMAT_NAMES) expect(() => parserFor(f), f).not.toThrow();
    expect((parserFor('rfc5424') as { name: string }).name).toBe('syslog');
    expect((parserFor('iso8601') as { name: string }).name).toBe('iso');
  });
});
