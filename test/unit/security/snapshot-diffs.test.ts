import { describe, expect, it } from 'vitest';
import type { FileState } from '../../../src/security/files/file-states.js';
import { diffFiles } from '../../../src/security/files/files-diff.js';
import { diffPorts } from '../../../src/security/ports/ports-diff.js';
import type { ListeningSocket, PortsSnapshot } from '../../../src/security/ports/ports-snapshot.js';

const file = (path: string, over: Partial<FileState> = {}): FileState => ({
  path,
  status: 'ok',
  type: 'file',
  linkTarget: null,
  sha256: 'a'.repeat(64),
  size: 10,
  uid: 0,
  gid: 0,
  owner: 'root',
  group: 'root',
  mode: '0644',
  mtime: 1000,
  ctime: 1000,
  error: null,
  ...over,
});

describe('diffFiles', () => {
  it('claims no content change when a hash became unknown, and says what it can', () => {
    const before = { time: 1, cut: 0, files: [file('/etc/shadow'), file('/etc/passwd')] };
    const after = {
      time: 2,
      cut: 0,
      files: [file('/etc/shadow', { status: 'unreadable', sha256: null, error: 'EACCES' }), file('/etc/passwd', { mtime: 2000, ctime: 2000 })],
    };
    expect(diffFiles(before, after)).toEqual([
      { path: '/etc/passwd', change: 'modified', fields: ['mtime'], changedAt: 2000, detectedAt: 2 },
      { path: '/etc/shadow', change: 'modified', fields: ['readable'], changedAt: 1000, detectedAt: 2 },
    ]);
  });

  it('reports a file gone from a glob as deleted, with no time of its own', () => {
    expect(diffFiles({ time: 1, cut: 0, files: [file('/etc/sudoers.d/ops')] }, { time: 5, cut: 0, files: [] })).toEqual([
      { path: '/etc/sudoers.d/ops', change: 'deleted', fields: [], changedAt: null, detectedAt: 5 },
    ]);
  });
});

const sock = (port: number, processes: ListeningSocket['processes'], ownerKnown = true): ListeningSocket => ({
  proto: 'tcp',
  family: 4,
  address: '0.0.0.0',
  port,
  scope: 'any',
  exposed: true,
  allowed: false,
  uid: 0,
  user: 'root',
  inode: port,
  processes,
  ownerKnown,
});
const snap = (...sockets: ListeningSocket[]): PortsSnapshot => ({ time: 0, ownersComplete: true, sockets });

describe('diffPorts', () => {
  it('claims no process change where a side is unknown, and ignores an unreadable exe', () => {
    const sshd = { pid: 10, name: 'sshd', exe: '/usr/sbin/sshd' };
    expect(diffPorts(snap(sock(22, [sshd])), snap(sock(22, [], false)))).toEqual([]);
    expect(diffPorts(snap(sock(22, [sshd])), snap(sock(22, [{ ...sshd, exe: null }])))).toEqual([]);
    expect(diffPorts(snap(sock(22, [sshd])), snap(sock(22, [{ ...sshd, exe: '/tmp/sshd' }]))).map((c) => c.change)).toEqual(['process-changed']);
  });

  it('takes the lowest pid as the program behind a socket (workers come and go)', () => {
    const master = { pid: 5, name: 'nginx', exe: '/usr/sbin/nginx' };
    const before = snap(sock(80, [master, { pid: 7, name: 'nginx', exe: '/usr/sbin/nginx' }]));
    const after = snap(sock(80, [master, { pid: 9, name: 'nginx', exe: '/usr/sbin/nginx' }]));
    expect(diffPorts(before, after)).toEqual([]);
  });
});
