import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Worker } from 'bullmq';
import { checksForHost, checksTick } from '../checks/index.js';
import { createProbeThread } from '../checks/probes/probe-thread-client.js';
import { isTimedCheck } from '../checks/probes/timed-probes.js';
import { createAgentLoop } from '../agent/agent-loop.js';
import { createSpool } from '../agent/spool.js';
import { createSecurityLoop } from '../agent/security-loop.js';
import { FileBaselineStore } from '../security/baseline/file-baseline-store.js';
import { createSnapshotCollector } from '../security/agent/snapshot-collector.js';
import { AuthIngest } from '../security/agent/auth-ingest.js';
import { createRedisSecurityRepo } from '../security/store/redis-security-repo.js';
import { createCollector } from '../collect/index.js';
import { createHostRepo } from '../fleet/host-repo.js';
import { QueueKind } from '../queue/queue-names.js';
import { createRedis, describeTarget, pingRedis, type CreateRedisOpts } from '../queue/redis-connection.js';
import { createRedisSeriesStore } from '../store/index.js';
import { startLogIngest } from '../logs/ingest/index.js';
import { createRedisLogRepo } from '../logs/store/redis-log-repo.js';
import type { AppRuntime } from './create-deps.js';
import { withTimeout } from './enqueue.js';
import { closeOnce } from '../shared/close-once.js';
import { syncSchedulers } from './schedulers.js';
import { startQueueWorker } from './start-queue-worker.js';
import { agentHandlersFor } from '../../jobs/agent-handlers.js';

/**
 * The agent's writer fails fast: no offline queue, no retries, so a sample that cannot be written
 * goes to the spool at once. commandTimeout: a Redis that stops answering without closing the
 * socket fails the write too. (bench/scale.ts measures a failover with exactly these.)
 */
export function agentWriterOptions(intervalMs: number): CreateRedisOpts {
  const commandTimeout = Math.min(10_000, Math.max(1_000, intervalMs));
  return {
    name: 'checkup-agent',
    options: { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout, retryStrategy: (n) => Math.min(n * 250, 5_000) },
  };
}

/**
 * This host's agent: a job scheduler ticks every `agent.interval` on the host's own queue, and
 * only this process consumes it, so a snapshot is always taken on the host it describes. Samples
 * are written through a connection that fails fast, so an outage sends them to the spool at once
 * instead of queueing them in memory. It starts without Redis too (that is what the spool is for):
 * schedules, host info and tags are registered whenever Redis (re)appears. It also reads the
 * configured log sources (src/logs/ingest) into the log store.
 */
export async function startAgentRole(rt: AppRuntime): Promise<{ worker: Worker; close(): Promise<void> }> {
  const { deps } = rt;
  const { config } = deps;
  const host = config.hostId;
  const prefix = config.redis.prefix;
  const writer = createRedis(rt.target, agentWriterOptions(config.agent.interval));
  writer.on('error', () => undefined); // reported by the loop as "snapshot spooled"
  const collector = createCollector({ logger: deps.log, host, slowIntervalMs: config.agent.slowInterval });
  const retention = { rawMs: config.retention.raw, minuteMs: config.retention.minute, hourMs: config.retention.hour };
  const loop = createAgentLoop({
    collector,
    store: createRedisSeriesStore({ redis: writer, prefix, retention }),
    hosts: createHostRepo({ redis: writer, prefix }),
    spool: createSpool({ dir: config.paths.spool, maxBytes: config.agent.spoolMaxBytes, log: deps.log }),
    intervalMs: config.agent.interval,
    log: deps.log,
    onWriteError: (err) => rt.outage.error('agent write (snapshot spooled)', err),
    redisUp: () => writer.status === 'ready',
  });
  deps.agent = loop;
  // The loop sleeps until a sample is due; a lost connection means the slot cannot wait for its job.
  writer.on('close', () => loop.recheck());
  const securityRepo = createRedisSecurityRepo({ redis: writer, prefix, retention });
  deps.probeThread = createProbeThread({ log: deps.log });
  const checks = checksForHost({ checks: config.checks, host, tags: config.host.tags });
  // Loaded now, so the first tick's probes do not wait for the thread's modules.
  if (checks.some(isTimedCheck)) deps.probeThread.warm();
  const tickMs = checksTick(checks);
  const register = async () => {
    // Host info and tags too: a Redis that restarted empty lost them with the schedulers, and the
    // reports' OS, kernel and CPU line with them.
    await deps.hosts.upsertInfo(host, await collector.hostInfo(), config.host.tags);
    await syncSchedulers({ queues: rt.queues, role: 'agent', config, log: deps.log });
  };
  // A Redis without persistence forgets all that when it restarts: register again on every
  // reconnect (upsert makes that a no-op otherwise). Until then the local timer collects.
  const onReady = () => void register().catch((err: unknown) => deps.log.warn({ err }, 'could not register the agent schedules again'));
  rt.connection.on('ready', onReady);
  if (await pingRedis(rt.target)) await register();
  else
    deps.log.warn({ url: describeTarget(rt.target) }, 'Redis is not answering: sampling to the spool; schedules and host info are registered when it answers');
  const worker = startQueueWorker(rt, QueueKind.Collect, agentHandlersFor(QueueKind.Collect), { host });
  // Checks on their own per-host queue: a slow probe or a restart never delays collection.
  const checksWorker = tickMs === null ? null : startQueueWorker(rt, QueueKind.Checks, agentHandlersFor(QueueKind.Checks), { host });
  loop.start();
  // Log counts go through the fail-fast writer too: in an outage each source keeps its batch pending.
  const auth = config.security.enabled ? new AuthIngest({ host, sources: config.security.auth.sources, idleMs: config.security.auth.connectionIdle }) : null;
  const logs = await startLogIngest({
    host,
    logs: config.logs,
    stateDir: config.paths.logPositions,
    repo: createRedisLogRepo({ redis: writer, prefix, retention }),
    log: deps.log,
    onWriteError: (err) => rt.outage.error('agent log write (batch kept pending)', err),
    ...(auth ? { auth: { start: (o) => auth.start(o), write: (b) => securityRepo.write(b) } } : {}),
  });
  const security = config.security.enabled
    ? createSecurityLoop({
        collector: createSnapshotCollector({
          host,
          config: config.security,
          state: FileBaselineStore.inDir(config.paths.security),
          repo: securityRepo,
          log: deps.log,
          // No log source feeds the auth stage: the report says so instead of showing zero failed logins.
          noAuthSources: !logs.sources.some((id) => auth?.accepts(id)),
        }),
        intervalMs: config.security.interval,
        log: deps.log,
      })
    : null;
  security?.start();
  deps.log.info({ host, intervalMs: config.agent.interval, logSources: logs.sources }, 'agent started');
  // Opt-in (bench:collect sets it), from here on rather than during module loading; the p99 is in
  // the shutdown line. Its timer is a cost of its own: at a 20 ms resolution it added ~90 ms of CPU
  // a minute, at 250 ms (four samples a second) a few. Each sample is the whole timer period, so
  // the resolution comes off to leave the delay.
  const LOOP_RESOLUTION_MS = 250;
  const loopDelay = process.env.CHECKUP_LOOP_STATS ? monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS }) : null;
  loopDelay?.enable();
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100);
  return {
    worker,
    close: closeOnce(
      () => [
        ['schedule re-registration', () => rt.connection.off('ready', onReady)],
        ['local timer', () => loop.stop()],
        ['log ingest', () => logs.close()],
        ['security snapshots', () => security?.stop()],
        ['checks worker', () => checksWorker?.close()],
        ['probe thread', () => deps.probeThread?.close()],
        ['collect worker', () => withTimeout(worker.close(), 5_000)],
        ['collector', () => collector.close()],
        ['writer', () => writer.disconnect()],
        [
          'event-loop figures',
          () => {
            if (!loopDelay) return;
            loopDelay.disable();
            deps.log.info({ eventLoopP99Ms: ms(loopDelay.percentile(99)), eventLoopMaxMs: ms(loopDelay.max) }, 'agent stopped');
          },
        ],
      ],
      deps.log,
    ),
  };
}
