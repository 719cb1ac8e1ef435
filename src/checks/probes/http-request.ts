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
  /** The body went past the cap: reading stopped there. */
  tooLarge: boolean;
  cert: PeerCert | null;
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
 * One request with node:http(s), no redirects. `deadline` is absolute on the monotonic clock
 * (performance.now(), so a wall-clock step cannot move it) and covers connect, headers and body,
 * so a server that trickles bytes (slowloris) cannot hold the agent; the body is read up to
 * `maxBodyBytes` and the socket is dropped past it.
 */
export function httpRequest(opts: {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  deadline: number;
  maxBodyBytes: number;
  ca?: Buffer;
  insecure: boolean;
}): Promise<HttpAnswer> {
  const { url } = opts;
  const isHttps = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      fn();
    };
    const lib = isHttps ? https : http;
    const req = lib.request(url, {
      method: opts.method,
      headers: { 'user-agent': 'Checkup health check', ...opts.headers },
      // A fresh socket each time: the certificate is read from this very connection.
      agent: false,
      ...(isHttps ? { rejectUnauthorized: !opts.insecure, ...(opts.ca ? { ca: opts.ca } : {}), ...sni(url.hostname) } : {}),
    });
    const remaining = Math.max(0, Math.round(opts.deadline - performance.now()));
    const timer = setTimeout(() => {
      const err = new DeadlineError(remaining, bytes);
      settle(() => reject(err));
      req.destroy(err);
    }, remaining);
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
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
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

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|HOSTNAME_MISMATCH|ERR_CERT)/;

/** A request error as one clear sentence. */
export function describeRequestError(err: unknown, url: URL): string {
  if (err instanceof DeadlineError) return err.message;
  const e = err as NodeJS.ErrnoException;
  const code = e.code ?? '';
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (TLS_CODE.test(code) || /certificate|ssl|tls/i.test(e.message)) return `TLS error: ${e.message}${code ? ` (${code})` : ''}`;
  if (code === 'ECONNREFUSED') return `connection refused (${where})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed for ${url.hostname} (${code})`;
  if (code === 'ECONNRESET' || e.message === 'socket hang up') return `connection reset by ${where} before a complete response`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} unreachable (${code})`;
  return `request failed: ${e.message}${code ? ` (${code})` : ''}`;
}
