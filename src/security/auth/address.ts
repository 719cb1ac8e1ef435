/**
 * sshd peers as logged: IPv4, IPv6, IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack
 * listener logs for an IPv4 client) and, with `UseDNS yes`, host names. The mapped form is the same
 * IPv4 host, so it is folded to dotted IPv4: one attacker is one source, whichever socket it hit.
 */
const MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

export function normaliseSource(raw: string): string {
  if (raw.length > 7 && (raw.charCodeAt(0) === 58 || raw.charCodeAt(0) === 91)) {
    // `[::ffff:…]` brackets appear in some messages (reverse-mapping notices, ListenAddress echoes).
    const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
    const m = MAPPED.exec(bare);
    if (m) return m[1]!;
    return bare;
  }
  return raw;
}
