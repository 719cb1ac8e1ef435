import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgentRole } from '../../src/app/agent-role.js';
import { createRuntime, type AppRuntime } from '../../src/app/create-deps.js';
import type { AppConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startTestRedisServer, type TestRedisServer } from './redis-server.js';
import { testConfig } from './test-config.js';

export type AgentOnPrivateRedis = { server: TestRedisServer; rt: AppRuntime; config: AppConfig; close(): Promise<void> };

/** An agent ticking every second against its own redis-server, which the test may stop and start. */
export async function agentOnPrivateRedis(opts: { prefix: string; persist?: boolean; raw?: Record<string, unknown> }): Promise<AgentOnPrivateRedis> {
  const server = await startTestRedisServer(mkdtempSync(join(tmpdir(), 'checkup-redis-')), { persist: opts.persist });
  const config = testConfig({ prefix: opts.prefix, raw: { agent: { interval: '1s' }, ...opts.raw, redis: { url: server.url } } });
  const rt = createRuntime({ config, log: silentLogger(), redisUrl: server.url });
  const agent = await startAgentRole(rt);
  return {
    server,
    rt,
    config,
    async close() {
      await agent.close();
      await rt.close();
      await server.stop();
    },
  };
}
