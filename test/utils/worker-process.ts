// A worker in its own process, so a test can SIGKILL it like a crash. The config comes as JSON
// in CHECKUP_TEST_CONFIG (the raw config) plus the usual environment overrides.
// CHECKUP_TEST_PAUSE_AT names a checkpoint (src/shared/checkpoint.ts): the worker stops there for
// good and prints "paused <name>", so the test kills it at exactly that point. CHECKUP_TEST_HOLD_AT
// stops there once ("held <name>") until the test sends SIGUSR2, e.g. to kill Chromium meanwhile.
import { startWorkerRole } from '../../src/app/worker-role.js';
import { createRuntime } from '../../src/app/create-deps.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Checkpoint } from '../../src/shared/checkpoint.js';
import { createLogger, silentLogger } from '../../src/shared/logger.js';

const raw = JSON.parse(process.env.CHECKUP_TEST_CONFIG ?? '{}') as Record<string, unknown>;
const pauseAt = process.env.CHECKUP_TEST_PAUSE_AT;
let holdAt = process.env.CHECKUP_TEST_HOLD_AT;
const checkpoint: Checkpoint = async (name) => {
  if (name === pauseAt) {
    process.stdout.write(`paused ${name}\n`);
    await new Promise(() => undefined);
  }
  if (name !== holdAt) return;
  holdAt = undefined;
  const resumed = new Promise((r) => process.once('SIGUSR2', r));
  process.stdout.write(`held ${name}\n`);
  await resumed;
};
const config = parseConfig({ raw, env: process.env, source: 'test', baseDir: process.cwd() });
// CHECKUP_TEST_LOG=debug shows the worker's log (on its stdout) when a fault test needs explaining.
const log = process.env.CHECKUP_TEST_LOG ? createLogger({ level: process.env.CHECKUP_TEST_LOG }) : silentLogger();
const rt = createRuntime({ config, log, redisUrl: config.redis.url, checkpoint });
const { workers } = await startWorkerRole(rt);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void Promise.all(workers.map((w) => w.close()))
    .then(() => rt.close())
    .then(() => process.exit(0));
});
