/** Socket-level codes ioredis passes on when Redis cannot be reached or the link drops. */
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** ioredis and BullMQ messages for the same, when no code is set. */
const MESSAGES =
  /Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Reached the max retries per request limit|enableOfflineQueue options is false|Socket closed unexpectedly|read ECONNRESET|LOADING Redis is loading/i;

/** True for "Redis is not there" errors, as opposed to a bad command or a bug. */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  // AggregateError (IPv4 and IPv6 both refused) carries the real causes inside.
  return Array.isArray(e.errors) && e.errors.some(isConnectionError);
}
