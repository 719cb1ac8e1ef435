import type { LogsConfig } from '../../config/logs-schema.js';
import type { Logger } from '../../shared/logger.js';
import { DEFAULT_MAX_TEMPLATES } from '../mining/index.js';
import { compileRedactPatterns, createRedactor } from '../redact/index.js';
import { createSources, hasSystemJournal, planSources, type SourcePlan } from '../sources/plan-sources.js';
import type { PositionStore } from '../sources/position-store.js';
import type { LogRepo } from '../store/log-repo.js';
import { createSourceStateStore, type SourceState } from './source-state.js';
import { SourceRunner, type AuthHook } from './source-runner.js';
import { createStoreHealth } from './store-health.js';

export type LogIngest = {
  /** Sources being read (their ids). */
  readonly sources: string[];
  /** One pass over every source now (tests and benches; the timer does this every `logs.interval`). */
  tick(): Promise<void>;
  close(): Promise<void>;
};

export type LogIngestOptions = {
  host: string;
  logs: LogsConfig;
  /** Where each source's state file lives (config.paths.logPositions). */
  stateDir: string;
  repo: LogRepo;
  log: Logger;
  /** Each failed store write (the agent's outage reporter); absent: one warning per outage. */
  onWriteError?: (err: unknown) => void;
  /** Whether this host keeps a journal; looked up when absent. */
  systemJournal?: boolean;
  /** The default file sources (when `logs.files` is absent); /var/log's syslog, auth and kern files unless given. */
  defaultFiles?: ReadonlyArray<{ name: string; paths: string[] }>;
  now?: () => number;
  /** The security stage's auth reading (security.auth.sources), fed the same entries. */
  auth?: AuthHook;
};

/**
 * The agent's log stage: the configured sources (journal, files, globs), each read every
 * `logs.interval` by its own runner (miner, counts, examples), one source after the other so a tick
 * costs at most one batch per source. A source that fails to start or read is a warning and a retry,
 * never the agent's end.
 */
export async function startLogIngest(opts: LogIngestOptions): Promise<LogIngest> {
  const now = opts.now ?? Date.now;
  const plans = planSources(opts.logs, {
    systemJournal: opts.systemJournal ?? (await hasSystemJournal()),
    ...(opts.defaultFiles ? { defaultFiles: opts.defaultFiles } : {}),
  });
  const states = createSourceStateStore(opts.stateDir);
  const saved = new Map<string, SourceState | null>();
  for (const p of plans) {
    const id = planId(p);
    try {
      saved.set(id, await states.load(id));
    } catch (err) {
      opts.log.warn({ source: id, err: (err as Error).message }, `log source ${id}: its saved state cannot be read; starting as on a first run`);
      saved.set(id, null);
    }
  }
  const runners = new Map<string, SourceRunner>();
  const positions: PositionStore = {
    load: async (source) => runners.get(source)?.position ?? null,
    save: async (source, position) => runners.get(source)?.savePosition(position),
  };
  const deps = {
    host: opts.host,
    repo: opts.repo,
    states,
    health: createStoreHealth({ log: opts.log, now, ...(opts.onWriteError ? { onError: opts.onWriteError } : {}) }),
    redactor: createRedactor(compileRedactPatterns(opts.logs.redact)),
    maxTemplates: DEFAULT_MAX_TEMPLATES,
    intervalMs: opts.logs.interval,
    log: opts.log,
    now,
    noneAvailable: () => [...runners.values()].every((r) => r.tried && !r.available()),
    ...(opts.auth ? { auth: opts.auth } : {}),
  };
  const sources = createSources({ plans, logs: opts.logs, store: positions, log: opts.log });
  sources.forEach((s, i) => {
    const plan = plans[i]!;
    try {
      runners.set(s.id, new SourceRunner(s, plan.kind === 'file' ? plan.format : null, saved.get(s.id) ?? null, deps));
    } catch (err) {
      // A pattern the config accepted but the parser cannot compile: that source is not read, the others are.
      opts.log.warn({ source: s.id, err: (err as Error).message }, `log source ${s.id} cannot be read: ${(err as Error).message}`);
    }
  });
  const started = new Set<string>();
  const failing = new Map<string, string>();
  const runOne = async (r: SourceRunner) => {
    const id = r.source.id;
    try {
      if (!started.has(id)) {
        await r.source.start();
        started.add(id);
      }
      await r.tick();
      if (failing.delete(id)) opts.log.info({ source: id }, `log source ${id} is read again`);
    } catch (err) {
      const message = (err as Error).message;
      // Once per distinct failure: a source that keeps failing the same way every tick is one warning.
      if (failing.get(id) !== message) opts.log.warn({ source: id, err: message }, `log source ${id} failed; retrying every interval`);
      failing.set(id, message);
    }
  };
  let running: Promise<void> | null = null;
  const tick = () =>
    (running ??= (async () => {
      for (const r of runners.values()) await runOne(r);
    })().finally(() => (running = null)));
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const loop = () => {
    const at = Date.now();
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, Math.max(0, opts.logs.interval - (Date.now() - at)));
    });
  };
  if (runners.size > 0) {
    opts.log.info({ sources: [...runners.keys()], intervalMs: opts.logs.interval }, 'reading logs');
    loop();
  }
  return {
    sources: [...runners.keys()],
    tick,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      for (const r of runners.values()) await r.close().catch(() => undefined);
    },
  };
}

function planId(p: SourcePlan): string {
  return p.kind === 'journal' ? 'journal' : p.name;
}
