import type { AppConfig } from '../config/load-config.js';
import type { AgentLoop } from '../agent/agent-loop.js';
import type { Archive } from '../archive/archive.js';
import type { Mailer } from '../deliver/mailer.js';
import type { PdfRenderer } from '../report/pdf/pdf-renderer.js';
import type { TemplateEngine } from '../report/templates/template-engine.js';
import type { Logger } from '../shared/logger.js';
import type { Enqueue } from './enqueue.js';
import type { CheckStateReader } from '../checks/types.js';
import type { AlertReader } from '../alert/types.js';
import type { Forecaster } from '../analyze/forecast-pool.js';
import type { ProbeThread } from '../checks/probes/probe-thread-client.js';
import type { Checkpoint } from '../shared/checkpoint.js';
import type { Repositories } from './repositories.js';

/**
 * What job handlers and the web server are given: one adapter per outside system, and Redis only
 * as repositories (src/app/repositories.ts), never as a client.
 */
export type AppDeps = Repositories & {
  config: AppConfig;
  log: Logger;
  archive: Archive;
  mailer: Mailer;
  templates: TemplateEngine;
  /** Started on first use: agents never launch Chromium. */
  renderer: () => Promise<PdfRenderer>;
  /** Report forecasts; its worker threads start on the first report and stop when idle. */
  forecaster: Forecaster;
  /** Present in the agent role only: it keeps the collector's rate state and the spool. */
  agent?: AgentLoop;
  /** Agent role only: the thread HTTP, TCP and command checks run on (their timings stay true). */
  probeThread?: ProbeThread;
  enqueue: Enqueue;
  /** Read sides of checks and alerts, for reports and the console. */
  checkState: CheckStateReader;
  alertReader: AlertReader;
  /** A no-op outside the fault tests (src/shared/checkpoint.ts). */
  checkpoint: Checkpoint;
};
