import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/http-error.js';
import { isLoopback } from './bind.js';

/** Probes must answer without credentials: orchestrators and load balancers call them bare. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Compares hashes, not the strings: equal-length digests make timingSafeEqual usable whatever the
 * candidate's length, so timing tells nothing about the token.
 */
export function tokenMatcher(token: string): (candidate: string) => boolean {
  const expected = digest(token);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

/** `Bearer <token>` for API clients, or Basic auth with the token as password for browsers. */
export function credentialOf(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * The user name of Basic auth, when the client gave one. The token is the credential; the name is
 * only what the person calls themselves, and is recorded as such (who silenced what).
 */
export function basicUser(header: string | undefined): string | null {
  const [scheme, value] = (header ?? '').split(/\s+/, 2);
  if (scheme?.toLowerCase() !== 'basic' || !value) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? '' : decoded.slice(0, colon).trim();
  return user === '' ? null : user;
}

/**
 * With a token, every request but the probes must carry it. Without one (loopback only, see
 * assertSafeBind), the Host header must name this machine, so a web page cannot reach the console
 * through DNS rebinding.
 */
export function installAuth(app: FastifyInstance, opts: { token?: string }): void {
  const matches = opts.token ? tokenMatcher(opts.token) : null;
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    if (!matches) {
      if (!isLoopback(hostnameOf(request.headers.host)))
        throw new HttpError({ status: 403, code: 'forbidden', message: 'this console answers to localhost only' });
      return;
    }
    const candidate = credentialOf(request.headers.authorization);
    if (candidate !== null && matches(candidate)) return;
    reply.header('www-authenticate', 'Basic realm="Checkup", charset="UTF-8"');
    throw new HttpError({
      status: 401,
      code: 'unauthorized',
      message: 'credentials required: Authorization: Bearer <web.token>, or Basic auth with the token as password',
    });
  });
}

function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d+$/, '');
}
