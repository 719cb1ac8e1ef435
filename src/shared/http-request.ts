import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';

export type PeerCert = { validTo: number; subject: string; issuer: string };

export type HttpAnswer = {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body went past the cap: reading stopped there and `body` holds what came before. */
  tooLarge: boolean;
  /** The server's certificate on HTTPS, read from this very connection. */
  cert: PeerCert | null;
};

export type HttpRequestOptions = {
  url: URL;
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * Absolute time on the monotonic clock (performance.now(), so a wall-clock step cannot move it)
   * covering connect, headers and body: a server that trickles bytes (slowloris) cannot hold us.
   */
  deadline: number;
  /** Bytes of body read at most; the socket is dropped past it. */
  maxBodyBytes: number;
  tls?: { ca?: Buffer; insecure?: boolean };
  /** Aborting destroys the socket and rejects with the signal's reason. */
  signal?: AbortSignal;
};

export class DeadlineError extends Error {
  constructor(
    readonly ms: number,
    readonly bytes: number,
  ) {
    super(`no complete response within ${ms} ms (read ${bytes} bytes before the deadline)`);
    this.name = 'DeadlineError';
  }
}

/**
 * One request with node:http(s). Redirects are never followed here: a caller that follows them
 * (the HTTP check) decides per hop. Any status resolves; network, TLS, deadline and abort errors reject.
 * Every request gets a fresh socket, so the certificate read is the one this server presented now.
 */
export function httpRequest(opts: HttpRequestOptions): Promise<HttpAnswer> {
  const { url, signal } = opts;
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let bytes = 0;
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const tls = opts.tls ?? {};
    const req = (isHttps ? https : http).request(url, {
      method: opts.method,
      headers: opts.headers ?? {},
      agent: false,
      ...(isHttps ? { rejectUnauthorized: !tls.insecure, ...(tls.ca ? { ca: tls.ca } : {}), ...sni(url.hostname) } : {}),
    });
    const remaining = Math.max(0, Math.round(opts.deadline - performance.now()));
    const timer = setTimeout(() => {
      const err = new DeadlineError(remaining, bytes);
      settle(() => reject(err));
      req.destroy(err);
    }, remaining);
    const onAbort = () => {
      settle(() => reject(signal?.reason));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => settle(() => reject(err)));
    req.on('response', (res) => {
      const cert = isHttps ? readCert(res.socket as TLSSocket) : null;
      const base = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, cert };
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBodyBytes) {
        settle(() => resolve({ ...base, body: Buffer.alloc(0), tooLarge: true }));
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > opts.maxBodyBytes) {
          settle(() => resolve({ ...base, body: Buffer.concat(chunks), tooLarge: true }));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => settle(() => resolve({ ...base, body: Buffer.concat(chunks), tooLarge: false })));
      res.on('error', (err) => settle(() => reject(err)));
      res.on('close', () => settle(() => reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))));
    });
    req.end(opts.body);
  });
}

/** SNI carries host names only (RFC 6066); an IP address is verified against the certificate's IP SANs. */
function sni(hostname: string): { servername?: string } {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) === 0 ? { servername: bare } : {};
}

function readCert(socket: TLSSocket): PeerCert | null {
  const c = socket.getPeerCertificate?.();
  if (!c || !c.valid_to) return null;
  const validTo = Date.parse(c.valid_to);
  if (!Number.isFinite(validTo)) return null;
  return { validTo, subject: String(c.subject?.CN ?? ''), issuer: String(c.issuer?.CN ?? '') };
}
