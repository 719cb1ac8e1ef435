import { describe, expect, it } from 'vitest';
import { anchorArgs, journalMode, matchArgs, readArgs, sinceOfCursor } from '../../../src/logs/sources/journal-args.js';

const base = { units: [] as string[], identifiers: [] as string[] };

describe('journalctl arguments', () => {
  it('follows the system journal and -D, and polls --file (journalctl cannot follow those)', () => {
    expect(journalMode(base)).toBe('follow');
    expect(journalMode({ ...base, directory: '/d' })).toBe('follow');
    expect(journalMode({ ...base, files: ['/f.journal'] })).toBe('poll');
  });

  it('resumes after the cursor, reads everything after it, and asks only for the fields it maps', () => {
    const args = readArgs({ ...base, directory: '/d' }, { cursor: 's=1;i=2', since: null, startAt: 'end' });
    expect(args).toEqual(expect.arrayContaining(['--output=json', '--all', '--follow', '--directory=/d', '--after-cursor=s=1;i=2', '--lines=all']));
    expect(args.find((a) => a.startsWith('--output-fields='))).toMatch(/MESSAGE,PRIORITY,_SYSTEMD_UNIT,SYSLOG_IDENTIFIER/);
  });

  it('without a position: the whole journal for beginning, nothing old for end; polling needs no --lines', () => {
    expect(readArgs(base, { cursor: null, since: null, startAt: 'beginning' })).toContain('--lines=all');
    expect(readArgs(base, { cursor: null, since: null, startAt: 'end' })).toContain('--lines=0');
    const poll = readArgs({ ...base, files: ['/a.journal', '/b/*.journal'] }, { cursor: null, since: '@12.5', startAt: 'end' });
    expect(poll).toEqual(expect.arrayContaining(['--file=/a.journal', '--file=/b/*.journal', '--since=@12.5']));
    expect(poll.some((a) => a.startsWith('--lines') || a === '--follow')).toBe(false);
  });

  it('matches any unit OR any identifier (journalctl would AND -u with -t)', () => {
    expect(matchArgs({ units: ['ssh', 'nginx.service'], identifiers: ['sudo'] })).toEqual([
      '_SYSTEMD_UNIT=ssh.service',
      '_SYSTEMD_UNIT=nginx.service',
      '+',
      'SYSLOG_IDENTIFIER=sudo',
    ]);
    expect(matchArgs({ units: [], identifiers: ['sshd', 'sudo'] })).toEqual(['SYSLOG_IDENTIFIER=sshd', 'SYSLOG_IDENTIFIER=sudo']);
    expect(anchorArgs({ ...base, units: ['ssh'] }).some((a) => a.includes('='))).toBe(true);
    expect(anchorArgs({ ...base, units: ['ssh'] }).some((a) => a.startsWith('_SYSTEMD_UNIT'))).toBe(false);
  });

  it('turns a refused cursor into the time it points at', () => {
    expect(sinceOfCursor('s=b3;i=2;b=01;m=3e8;t=6620d3a637109;x=81')).toBe(`@${(0x6620d3a637109 / 1e6).toFixed(6)}`);
    expect(sinceOfCursor('garbage')).toBeNull();
  });
});
