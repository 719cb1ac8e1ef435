/**
 * Who can reach a listening socket, from its bound address: `any` (0.0.0.0 or ::, every interface;
 * a `::` socket also takes IPv4 unless it is IPV6_V6ONLY), `loopback` (127.0.0.0/8, ::1 and their
 * mapped forms: this host only) or `address` (one interface's address: whoever reaches that
 * network). Only loopback is local; the other two are exposed.
 */
export type PortScope = 'any' | 'loopback' | 'address';

export function portScope(address: string): PortScope {
  if (address === '0.0.0.0' || address === '::') return 'any';
  if (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')) return 'loopback';
  return 'address';
}
