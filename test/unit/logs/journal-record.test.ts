import { describe, expect, it } from 'vitest';
import { chooseApp, fieldText, toJournalRecord } from '../../../src/logs/sources/journal-record.js';

const map = (obj: Record<string, unknown>, maxMessageBytes = 1024) => toJournalRecord(obj, { source: 'journal', line: 1, maxMessageBytes });

describe('journal records to LogEntry', () => {
  it('maps PRIORITY, unit, time, pid and host as the journal gives them', () => {
    const r = map({
      __CURSOR: 's=a;i=1',
      __REALTIME_TIMESTAMP: '1700000000123456',
      PRIORITY: '3',
      _SYSTEMD_UNIT: 'ssh.service',
      SYSLOG_IDENTIFIER: 'sshd',
      _PID: '42',
      _HOSTNAME: 'web-1',
      MESSAGE: 'Failed password for root',
    });
    expect(r?.record).toEqual({
      cursor: 's=a;i=1',
      unit: 'ssh.service',
      identifier: 'sshd',
      comm: null,
      truncated: false,
      entry: {
        source: 'journal',
        time: 1_700_000_000_123,
        priority: 3,
        severityBasis: 'journal',
        app: 'ssh.service',
        pid: 42,
        host: 'web-1',
        message: 'Failed password for root',
        line: 1,
        lineCount: 1,
      },
    });
    expect(r?.invalidUtf8).toBe(false);
  });

  it('says "unknown" rather than guessing when PRIORITY is missing or odd', () => {
    for (const PRIORITY of [undefined, '9', 'x', '-1']) {
      expect(map({ __CURSOR: 'c', MESSAGE: 'm', PRIORITY })?.record.entry).toMatchObject({ priority: null, severityBasis: 'none', time: null });
    }
  });

  it('decodes byte-array fields, with U+FFFD for invalid UTF-8, and takes the first of repeated fields', () => {
    const r = map({ __CURSOR: 'c', MESSAGE: [98, 97, 100, 32, 255, 254], SYSLOG_IDENTIFIER: ['first', 'second'] });
    expect(r?.record.entry.message).toBe('bad \uFFFD\uFFFD');
    expect(r?.invalidUtf8).toBe(true);
    expect(r?.record.identifier).toBe('first');
    expect(fieldText([[104, 105], 'x'])).toEqual({ text: 'hi', invalid: false });
    expect(fieldText(null)).toBeNull();
  });

  it('cuts a message over the limit at a character boundary and flags it', () => {
    const r = map({ __CURSOR: 'c', MESSAGE: `ab${'€'.repeat(10)}` }, 6);
    expect(r?.record).toMatchObject({ truncated: true, entry: { message: 'ab€' } });
  });

  it('drops an entry without a cursor (there is nothing to resume from)', () => {
    expect(map({ MESSAGE: 'x' })).toBeNull();
  });

  it('names the program by unit, or by identifier where the unit is a session or user manager', () => {
    expect(chooseApp('nginx.service', 'nginx', 'nginx')).toBe('nginx.service');
    expect(chooseApp('session-3.scope', 'sudo', 'sudo')).toBe('sudo');
    expect(chooseApp('user@1000.service', null, 'gnome-shell')).toBe('gnome-shell');
    expect(chooseApp(null, 'kernel', null)).toBe('kernel');
    expect(chooseApp(null, null, null)).toBeNull();
  });
});
