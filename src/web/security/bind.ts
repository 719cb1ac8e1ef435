import { ConfigError } from '../../shared/errors.js';

/** Loopback names and addresses: only processes on this machine can reach them. */
export function isLoopback(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || a.endsWith('.localhost');
}

/** A console reachable from the network must ask for credentials: refuse to start without them. */
export function assertSafeBind(web: { bind: string; token?: string }): void {
  if (isLoopback(web.bind) || web.token) return;
  throw new ConfigError([
    `web.token: required when web.bind is "${web.bind}" (not a loopback address); set web.token or CHECKUP_API_TOKEN (16+ characters), or bind to 127.0.0.1`,
  ]);
}
