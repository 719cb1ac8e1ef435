// A worker in its own process, so a test can SIGKILL it like a crash. The config comes as JSON
// in CHECKUP_TEST_CONFIG (the raw config) plus the usual environment overrides.
import { startWorkerRole } from '../../src/app/worker-role.js';
import { createRuntime } from '../../src/app/create-deps.js';
import { parseConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/shared/logger.js';

const raw = JSON.parse(process.env.CHECKUP_TEST_CONFIG ?? '{}') as Record<string, unknown>;
const config = parseConfig({ raw, env: process.env, source: 'test', baseDir: process.cwd() });
const rt = createRuntime({ config, log: silentLogger(), redisUrl: config.redis.url });
const { workers } = await startWorkerRole(rt);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void Promise.all(workers.map((w) => w.close())).then(() => rt.close()).then(() => process.exit(0));
});
