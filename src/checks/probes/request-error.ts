import { DeadlineError } from '../../shared/http-request.js';

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
