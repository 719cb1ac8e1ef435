import { describe, expect, it } from 'vitest';
import { recogniseSshd } from '../../../src/security/auth/sshd-messages.js';
import { normaliseSource } from '../../../src/security/auth/address.js';

describe('recogniseSshd', () => {
  it('reads Failed lines of every method and address form', () => {
    expect(recogniseSshd('Failed password for root from 192.0.2.7 port 22 ssh2')).toEqual({
      t: 'failed',
      method: 'password',
      user: 'root',
      invalid: false,
      source: '192.0.2.7',
      port: 22,
      repeat: 1,
    });
    expect(recogniseSshd('Failed password for invalid user admin from ::ffff:192.0.2.8 port 4022 ssh2')).toMatchObject({
      user: 'admin',
      invalid: true,
      source: '192.0.2.8',
    });
    expect(recogniseSshd('Failed publickey for alice from 2001:db8::1 port 5 ssh2: ED25519 SHA256:0Mh6T6S3wQ')).toMatchObject({
      method: 'publickey',
      user: 'alice',
      source: '2001:db8::1',
      port: 5,
    });
    expect(recogniseSshd('Failed keyboard-interactive/pam for invalid user x from host.example.net port 1 ssh2')).toMatchObject({
      method: 'keyboard-interactive/pam',
      user: 'x',
      source: 'host.example.net',
    });
    expect(recogniseSshd('Failed none for invalid user 0 from 5.188.10.180 port 49811 ssh2')).toMatchObject({ method: 'none' });
  });

  it('takes the address sshd appended, not one an attacker put in the username', () => {
    expect(recogniseSshd('Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 192.0.2.1 port 22 ssh2')).toMatchObject({
      user: 'x from 6.6.6.6 port 1 ssh2',
      source: '192.0.2.1',
      port: 22,
    });
    expect(recogniseSshd('Invalid user <script>alert(1)</script> from 192.0.2.1 port 40000')).toEqual({
      t: 'invalid-user',
      user: '<script>alert(1)</script>',
      source: '192.0.2.1',
      port: 40000,
    });
    expect(recogniseSshd('Invalid user  0101 from 5.188.10.180')).toEqual({ t: 'invalid-user', user: ' 0101', source: '5.188.10.180', port: null });
  });

  it('reads accepted logins with method, user and source', () => {
    expect(recogniseSshd('Accepted publickey for alice from 127.0.0.1 port 50022 ssh2: ED25519 SHA256:abc')).toEqual({
      t: 'accepted',
      method: 'publickey',
      user: 'alice',
      source: '127.0.0.1',
      port: 50022,
    });
    expect(recogniseSshd('Accepted password for fztu from 119.137.62.142 port 49116 ssh2')).toMatchObject({ method: 'password', user: 'fztu' });
  });

  it('reads refusals: Allow/Deny lists, root, max tries, too many failures', () => {
    expect(recogniseSshd('User denied from 127.0.0.1 not allowed because listed in DenyUsers')).toEqual({
      t: 'refused',
      user: 'denied',
      source: '127.0.0.1',
      port: null,
      reason: 'listed in DenyUsers',
    });
    expect(recogniseSshd('User bob from 192.0.2.1 not allowed because not listed in AllowUsers')).toMatchObject({ reason: 'not listed in AllowUsers' });
    expect(recogniseSshd("User bob from 192.0.2.1 not allowed because none of user's groups are listed in AllowGroups")).toMatchObject({ user: 'bob' });
    expect(recogniseSshd('User bob not allowed because account is locked')).toMatchObject({ t: 'refused', source: null });
    expect(recogniseSshd('ROOT LOGIN REFUSED FROM 192.0.2.1 port 5050')).toMatchObject({ t: 'refused', user: 'root', source: '192.0.2.1', port: 5050 });
    expect(recogniseSshd('error: maximum authentication attempts exceeded for invalid user admin from 192.0.2.1 port 5 ssh2 [preauth]')).toMatchObject({
      t: 'refused',
      user: 'admin',
      source: '192.0.2.1',
      reason: 'maximum authentication attempts exceeded',
    });
    expect(recogniseSshd('Disconnecting authenticating user root 192.0.2.1 port 5: Too many authentication failures [preauth]')).toMatchObject({
      t: 'refused',
      user: 'root',
      source: '192.0.2.1',
    });
    expect(recogniseSshd('Disconnecting: Too many authentication failures for root [preauth]')).toMatchObject({ t: 'refused', user: 'root', source: null });
  });

  it('reads rsyslog repeats, PAM failures and connection ends', () => {
    expect(recogniseSshd('message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]')).toMatchObject({
      t: 'failed',
      user: 'root',
      source: '5.36.59.76',
      repeat: 5,
    });
    expect(recogniseSshd('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=183.62.140.253  user=root')).toEqual({
      t: 'pam-failure',
      user: 'root',
      source: '183.62.140.253',
      repeat: 1,
    });
    expect(recogniseSshd('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4')).toMatchObject({ user: null });
    expect(recogniseSshd('Connection closed by 192.0.2.1 port 5 [preauth]')).toMatchObject({ t: 'close', source: '192.0.2.1' });
    expect(recogniseSshd('Connection closed by invalid user nosuch 127.0.0.1 port 36896 [preauth]')).toMatchObject({ t: 'close', user: 'nosuch' });
    expect(recogniseSshd('Received disconnect from 192.0.2.1 port 5:11: Bye Bye [preauth]')).toMatchObject({ t: 'close' });
    expect(recogniseSshd('Disconnected from user alice 127.0.0.1 port 36902')).toMatchObject({ t: 'close', user: 'alice' });
  });

  it('recognises nothing in notices and other chatter', () => {
    for (const m of [
      'reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
      'Address 192.0.2.1 maps to x.example.com, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!',
      'Server listening on 0.0.0.0 port 22.',
      'input_userauth_request: invalid user admin [preauth]',
      'pam_unix(sshd:auth): check pass; user unknown',
      'pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)',
      'Did not receive identification string from 192.0.2.1',
      '',
    ]) {
      expect(recogniseSshd(m), m).toBeNull();
    }
  });

  it('folds IPv4-mapped addresses, keeps IPv6 and names', () => {
    expect(normaliseSource('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseSource('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseSource('::1')).toBe('::1');
    expect(normaliseSource('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(normaliseSource('host.example.com')).toBe('host.example.com');
  });
});
