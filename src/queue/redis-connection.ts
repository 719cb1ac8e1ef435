import { Redis } from 'ioredis';

export type { Redis };

/**
 * One ioredis client. `maxRetriesPerRequest: null` is what BullMQ workers require; for the app's own
 * commands it means a command waits for a reconnect instead of failing after 20 tries.
 */
export function createRedis(url: string, opts: { name?: string; lazy?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: opts.lazy ?? false,
    connectionName: opts.name,
    // Back off up to 5 s between reconnects: an outage should not spin the CPU.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}

/** True when something answers PING at `url` within `timeoutMs`. Never throws. */
export async function pingRedis(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** The URL for logs and messages: a password in it is replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(unparsable Redis URL)';
  }
}
