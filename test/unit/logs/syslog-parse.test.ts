import { describe, expect, it } from 'vitest';
import { parseSyslog, syslogParser, toLogEntry } from '../../../src/logs/parse/index.js';

// Times without a zone are read as UTC here so the expectations hold on any machine.
const opts = { referenceTime: Date.UTC(2023, 11, 10), timeZone: 'UTC' as const };
const parse = (line: string, o = opts) => parseSyslog(line, o)?.fields ?? null;

describe('RFC 3164 (auth.log, syslog, messages)', () => {
  it('reads an auth.log line without PRI: host, app, pid, time; severity left to later stages', () => {
    const line = 'Dec  7 15:44:19 web-1 sshd[1234]: Failed password for root from 10.0.0.9 port 52100 ssh2';
    const entry = toLogEntry(parse(line)!, { source: 'auth', line: 7 });
    expect(entry).toEqual({
      source: 'auth',
      time: Date.UTC(2023, 11, 7, 15, 44, 19),
      priority: null,
      severityBasis: 'none',
      app: 'sshd',
      pid: 1234,
      host: 'web-1',
      message: 'Failed password for root from 10.0.0.9 port 52100 ssh2',
      line: 7,
      lineCount: 1,
    });
  });

  it('takes the severity from PRI: the low three bits, whatever the facility', () => {
    expect(parse('<38>Dec  7 15:44:19 web-1 sshd[1]: Accepted publickey')).toMatchObject({ priority: 6, severityBasis: 'syslog-pri', app: 'sshd' });
    expect(parse('<83>Dec  7 15:44:19 web-1 sudo: pam_unix(sudo:auth): auth could not identify password')).toMatchObject({
      priority: 3,
      app: 'sudo',
      pid: null,
    });
    expect(parse('<0>Dec  7 15:44:19 web-1 kernel: panic')).toMatchObject({ priority: 0 });
    expect(parse('<191>Dec  7 15:44:19 web-1 app: x')).toMatchObject({ priority: 7 });
  });

  it('reads the host as the first word up to a space (1-255 characters, no other blank), the pid as up to 10 digits', () => {
    const h255 = 'h'.repeat(255);
    expect(parse(`Dec  7 15:44:19 ${h255} sshd[1]: m`)).toMatchObject({ host: h255, app: 'sshd', pid: 1 });
    // 256 characters are no host: the word is read as the (bad) tag instead.
    expect(parse(`Dec  7 15:44:19 ${h255}h sshd[1]: m`)).toMatchObject({ host: null, app: null });
    // A tab or a no-break space inside the first word: no host either.
    expect(parse('Dec  7 15:44:19 web\t1 sshd[1]: m')).toMatchObject({ host: null });
    expect(parse('Dec  7 15:44:19 web\u00a01 sshd[1]: m')).toMatchObject({ host: null });
    expect(parse('Dec  7 15:44:19 wéb-1 sshd[1]: m')).toMatchObject({ host: 'wéb-1', app: 'sshd' });
    expect(parse('Dec  7 15:44:19 h sshd[2147483647]: m')).toMatchObject({ pid: 2147483647 });
    expect(parse('Dec  7 15:44:19 h sshd[2147483648]: m')).toMatchObject({ pid: null, app: 'sshd' });
    expect(parse('Dec  7 15:44:19 h sshd[12a]: m')).toMatchObject({ pid: null, app: 'sshd' });
    expect(parse('Dec  7 15:44:19 h sshd[]: m')).toMatchObject({ pid: null, app: 'sshd' });
    // The level marks a message may start with, and words that are not one.
    expect(parse('Dec  7 15:44:19 h sshd[1]: error: kex_exchange_identification')).toMatchObject({ priority: 3, severityBasis: 'level-field' });
    expect(parse('Dec  7 15:44:19 h nm[1]: <warn> dhcp')).toMatchObject({ priority: 4 });
    expect(parse('Dec  7 15:44:19 h app[1]: [ERROR] x')).toMatchObject({ priority: 3 });
    expect(parse('Dec  7 15:44:19 h sshd[1]: Failed password for error: x')).toMatchObject({ priority: null, severityBasis: 'none' });
  });

  it('accepts a zero-padded or single-space day and fractional seconds', () => {
    expect(parse('Dec 07 15:44:19 h a: m')?.time).toBe(Date.UTC(2023, 11, 7, 15, 44, 19));
    expect(parse('Dec 7 15:44:19 h a: m')?.time).toBe(Date.UTC(2023, 11, 7, 15, 44, 19));
    expect(parse('Dec  7 15:44:19.250 h a: m')?.time).toBe(Date.UTC(2023, 11, 7, 15, 44, 19, 250));
  });

  it('gives a yearless December line read in January the year before', () => {
    const jan = { referenceTime: Date.UTC(2024, 0, 2), timeZone: 'UTC' as const };
    expect(parse('Dec 31 23:59:59 h a: m', jan)?.time).toBe(Date.UTC(2023, 11, 31, 23, 59, 59));
    expect(parse('Jan  2 00:00:01 h a: m', jan)?.time).toBe(Date.UTC(2024, 0, 2, 0, 0, 1));
    // 29 February exists in 2024, not in 2025: read in 2025 it is last year's.
    expect(parse('Feb 29 12:00:00 h a: m', { referenceTime: Date.UTC(2025, 2, 1), timeZone: 'UTC' })?.time).toBe(Date.UTC(2024, 1, 29, 12));
  });

  it('keeps the header of a line whose date does not exist, with no time', () => {
    expect(parse('Feb 30 10:00:00 h app[9]: m')).toMatchObject({ time: null, app: 'app', pid: 9, message: 'm' });
  });

  it('reads kernel lines (no pid), tags with dots and slashes, and a missing host', () => {
    expect(parse('Dec  7 15:44:19 h kernel: [   12.345678] usb 1-1: new high-speed USB device')).toMatchObject({
      host: 'h',
      app: 'kernel',
      pid: null,
      message: '[   12.345678] usb 1-1: new high-speed USB device',
    });
    expect(parse('Dec  7 15:44:19 h org.gnome.Shell.desktop[2210]: Window manager warning')).toMatchObject({ app: 'org.gnome.Shell.desktop', pid: 2210 });
    expect(parse('Dec  7 15:44:19 h /usr/sbin/cron[812]: (CRON) INFO')).toMatchObject({ app: '/usr/sbin/cron', pid: 812 });
    expect(parse('Dec  7 15:44:19 sshd[77]: Connection closed')).toMatchObject({ host: null, app: 'sshd', pid: 77, message: 'Connection closed' });
  });

  it('keeps a line with no tag whole as its message', () => {
    expect(parse('Dec  7 15:44:19 h last message repeated 3 times')).toMatchObject({ host: 'h', app: null, message: 'last message repeated 3 times' });
    expect(parse('Dec  7 15:44:19 h')).toMatchObject({ host: 'h', app: null, message: '' });
  });

  it('treats a PRI with no time after it as a syslog message that is all content (RFC 3164 §4.3.3)', () => {
    expect(parse('<13>hello world')).toMatchObject({ priority: 5, severityBasis: 'syslog-pri', time: null, message: 'hello world' });
  });
});

describe("rsyslog's high-precision ISO format and journalctl short-iso", () => {
  it('reads the offset and the microseconds (to ms)', () => {
    const f = parse('2023-12-07T15:44:19.123456+01:00 web-1 sshd[1234]: Accepted publickey for deploy');
    expect(f).toMatchObject({ time: Date.UTC(2023, 11, 7, 14, 44, 19, 123), host: 'web-1', app: 'sshd', pid: 1234, message: 'Accepted publickey for deploy' });
  });

  it('reads Z, an offset without a colon, and a PRI before the time (RSYSLOG_ForwardFormat)', () => {
    expect(parse('2023-12-07T15:44:19Z h systemd[1]: Started x.')?.time).toBe(Date.UTC(2023, 11, 7, 15, 44, 19));
    expect(parse('2023-12-07T15:44:19+0530 h systemd[1]: Started x.')?.time).toBe(Date.UTC(2023, 11, 7, 10, 14, 19));
    expect(parse('<27>2023-12-07T15:44:19.5-02:00 h nginx[3]: boom')).toMatchObject({ priority: 3, time: Date.UTC(2023, 11, 7, 17, 44, 19, 500) });
  });
});

describe('RFC 5424', () => {
  it('reads the RFC examples: nil fields, the BOM, procid, offsets', () => {
    const a = parseSyslog("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8", opts);
    expect(a?.rfc).toBe('5424');
    expect(a?.fields).toEqual({
      time: Date.UTC(2003, 9, 11, 22, 14, 15, 3),
      priority: 2,
      severityBasis: 'syslog-pri',
      app: 'su',
      pid: null,
      host: 'mymachine.example.com',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.")).toMatchObject({
      time: Date.UTC(2003, 7, 24, 12, 14, 15),
      priority: 5,
      host: '192.0.2.1',
      app: 'myproc',
      pid: 8710,
      message: "%% It's time to make the do-nuts.",
    });
  });

  it('skips structured data, escaped brackets and quotes included, and allows no message or no time', () => {
    expect(parse('<165>1 2003-10-11T22:14:15.003Z h evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An event')?.message).toBe('An event');
    expect(parse('<165>1 2003-10-11T22:14:15.003Z h app - - [a@1 x="a\\]b \\" ]"][b@2 y="c"] the message')?.message).toBe('the message');
    expect(parse('<165>1 2003-10-11T22:14:15.003Z h app 12 - [a@1 x="y"]')).toMatchObject({ pid: 12, message: '' });
    expect(parse('<14>1 - - - - - - no time at all')).toMatchObject({ time: null, host: null, app: null, priority: 6, message: 'no time at all' });
  });

  it('falls back to content when the structured data never closes', () => {
    const f = parse(`<14>1 2003-10-11T22:14:15Z h app - - [a@1 x="${'y'.repeat(50_000)}`);
    expect(f).toMatchObject({ priority: 6, time: null });
    expect(f?.message.startsWith('1 2003-10-11T22:14:15Z h app')).toBe(true);
  });
});

describe('lines that are not syslog', () => {
  it('returns null, so the entry reader can fold them as continuations', () => {
    const p = syslogParser(opts);
    for (const line of [
      '    at com.example.Foo.bar(Foo.java:42)',
      'hello',
      '',
      '<999>Dec  7 15:44:19 h a: m',
      'Dec  7 15:44 h a: m',
      'Foo  7 15:44:19 h a: m',
    ]) {
      expect(p.parse(line), line).toBeNull();
    }
  });

  it('never throws on garbage, long runs of delimiters or control characters', () => {
    const p = syslogParser(opts);
    const junk = [
      '\u0000\u0001\uFFFD\uFFFD<<<>>>',
      '<'.repeat(100_000),
      `<1>1 ${'['.repeat(100_000)}`,
      `Dec  7 15:44:19 ${'a'.repeat(100_000)}[${'1'.repeat(1000)}]:`,
      `Dec  7 15:44:19 h ${':'.repeat(100_000)}`,
      String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65536)),
    ];
    for (const line of junk) expect(() => p.parse(line)).not.toThrow();
  });
});

describe('ISO-prefixed application lines', () => {
  it('are not syslog when the date and time are split by a space (no level word read as a host)', () => {
    expect(parse('2023-12-07 15:44:19,123 INFO [main] Foo: started')).toBeNull();
  });
});

describe('times of consecutive lines (the minute is reused)', () => {
  it('gives each line its own second, fraction and minute', () => {
    const p = syslogParser(opts);
    const times = [
      'Dec  7 15:44:19 h a: m',
      'Dec  7 15:44:59 h a: m',
      'Dec  7 15:44:05.500 h a: m',
      'Dec  7 15:45:00 h a: m',
      'Dec  7 15:44:61 h a: m',
      'Dec  7 15:44:20 h a: m',
      'Dec  8 15:44:01 h a: m',
    ].map((l) => p.parse(l)?.time);
    expect(times).toEqual([
      Date.UTC(2023, 11, 7, 15, 44, 19),
      Date.UTC(2023, 11, 7, 15, 44, 59),
      Date.UTC(2023, 11, 7, 15, 44, 5, 500),
      Date.UTC(2023, 11, 7, 15, 45, 0),
      null,
      Date.UTC(2023, 11, 7, 15, 44, 20),
      Date.UTC(2023, 11, 8, 15, 44, 1),
    ]);
  });
});

describe('a level the program wrote, when the file has no PRI', () => {
  it("reads sshd's error:, NetworkManager's <warn> and [ERROR] as a level field; PRI still wins", () => {
    expect(parse('Dec  7 15:44:19 h sshd[1]: error: Received disconnect from 10.0.0.1: 3: bye')).toMatchObject({ priority: 3, severityBasis: 'level-field' });
    expect(parse('Dec  7 15:44:19 h NetworkManager[9]: <warn>  [1701963859.1234] device (eth0): link down')).toMatchObject({
      priority: 4,
      severityBasis: 'level-field',
    });
    expect(parse('Dec  7 15:44:19 h app[9]: [ERROR] boom')).toMatchObject({ priority: 3 });
    expect(parse('<14>Dec  7 15:44:19 h sshd[1]: error: x')).toMatchObject({ priority: 6, severityBasis: 'syslog-pri' });
    expect(parse('Dec  7 15:44:19 h sshd[1]: Connection: closed')).toMatchObject({ priority: null, severityBasis: 'none' });
  });
});
