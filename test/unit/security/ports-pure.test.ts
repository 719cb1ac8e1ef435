import { describe, expect, it } from 'vitest';
import { decodeAddress, parseProcNet } from '../../../src/security/ports/proc-net.js';
import { isAllowed, parsePortRule } from '../../../src/security/ports/port-allowlist.js';
import { portScope } from '../../../src/security/ports/port-scope.js';

// Lines as a little-endian x86_64 kernel writes them (captured from /proc/net/tcp6 and udp).
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1111 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6333 1 0000000055f7c0bb 100 0 0 10 0
   1: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4452 1 0000000067752f72 100 0 0 10 0
   2: 00000000000000000000000001000000:1111 00000000000000000000000001000000:D431 01 00000000:00000000 00:00000000 00000000   106        0 9999 1 0000000067752f72 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 7001 2 0000000000000000 0
  101: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 7002 2 0000000000000000 0
  102: 0100007F:B0C4 0100007F:0035 01 00000000:00000000 00:00000000 00000000  1000        0 7003 2 0000000000000000 0
`;

describe('/proc/net parsing', () => {
  it('decodes kernel-order addresses', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000')).toBe('0.0.0.0');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeAddress('B80D0120000000000000000001000000')).toBe('2001:db8::1');
    expect(decodeAddress('000080FE00000000FF3C5A02FE8F7A6B')).toBe('fe80::25a:3cff:6b7a:8ffe');
  });

  it('keeps TCP listeners and unconnected UDP sockets only', () => {
    expect(parseProcNet(TCP6, 'tcp', 6)).toEqual([
      { proto: 'tcp', family: 6, address: '::1', port: 4369, uid: 106, inode: 6333 },
      { proto: 'tcp', family: 6, address: '::', port: 22, uid: 0, inode: 4452 },
    ]);
    expect(parseProcNet(UDP, 'udp', 4)).toEqual([
      { proto: 'udp', family: 4, address: '0.0.0.0', port: 68, uid: 0, inode: 7001 },
      { proto: 'udp', family: 4, address: '127.0.0.1', port: 53, uid: 101, inode: 7002 },
    ]);
    expect(parseProcNet('', 'tcp', 4)).toEqual([]);
  });
});

describe('exposure and the allowlist', () => {
  it('calls wildcard and interface addresses exposed, loopback local', () => {
    expect(['0.0.0.0', '::', '10.0.0.5', 'fe80::1', '::ffff:10.0.0.5', '127.0.0.53', '::1', '::ffff:127.0.0.1'].map(portScope)).toEqual([
      'any',
      'any',
      'address',
      'address',
      'address',
      'loopback',
      'loopback',
      'loopback',
    ]);
  });

  it('reads rules and matches both families of a port', () => {
    expect(['22', 22, 'tcp/443', 'udp/53', 'tcp/0', 'tcp/65536', 'sctp/1', ' 80 '].map(parsePortRule)).toEqual([
      { proto: null, port: 22 },
      { proto: null, port: 22 },
      { proto: 'tcp', port: 443 },
      { proto: 'udp', port: 53 },
      null,
      null,
      null,
      { proto: null, port: 80 },
    ]);
    const rules = [parsePortRule('tcp/443')!, parsePortRule(22)!];
    expect([isAllowed(rules, 'tcp', 443), isAllowed(rules, 'udp', 443), isAllowed(rules, 'udp', 22), isAllowed(rules, 'tcp', 80)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
