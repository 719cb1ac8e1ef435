import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../http/http-error.js';

const COOKIE = 'checkup_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type Csrf = {
  /** Gives the visitor a CSRF cookie if it has none; returns the form token that goes with it. */
  tokenFor(request: FastifyRequest, reply: FastifyReply): string;
  /** Throws 403 unless the request comes from our origin and carries the token for its cookie. */
  verify(request: FastifyRequest, formToken: unknown): void;
};

/**
 * Synchronizer token tied to a cookie: the form token is an HMAC of the visitor's random cookie
 * under a per-process secret, so neither a planted cookie nor a guessed token passes. The cookie
 * is HttpOnly and SameSite=Strict, and the Origin must be ours as well.
 */
export function createCsrf(): Csrf {
  const secret = randomBytes(32);
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    tokenFor(request, reply) {
      let value = readCookie(request.headers.cookie, COOKIE);
      if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
        value = randomBytes(32).toString('base64url');
        reply.header('set-cookie', `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict`);
      }
      return sign(value);
    },
    verify(request, formToken) {
      if (!sameOrigin(request, { required: true })) throw forbidden('cross-origin form submission refused');
      const value = readCookie(request.headers.cookie, COOKIE);
      if (!value || typeof formToken !== 'string') throw forbidden('form token missing: reload the page and submit again');
      const a = Buffer.from(sign(value));
      const b = Buffer.from(formToken);
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw forbidden('form token does not match: reload the page and submit again');
    },
  };
}

/**
 * Browsers send Origin on every cross-site write; a different or opaque one is refused for all
 * unsafe methods (API included). Clients that send none (curl, Prometheus) are not browsers.
 */
export function installOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (UNSAFE.has(request.method) && !sameOrigin(request, { required: false })) throw forbidden('cross-origin request refused');
  });
}

function sameOrigin(request: FastifyRequest, opts: { required: boolean }): boolean {
  const source = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (source === undefined) return !opts.required;
  try {
    return new URL(source).host === request.headers.host;
  } catch {
    return false;
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
