export { startLogIngest } from './log-ingest.js';
export type { LogIngest, LogIngestOptions } from './log-ingest.js';
export { createSourceStateStore } from './source-state.js';
export type { SourceState, SourceStateStore } from './source-state.js';
export { BatchCounter } from './batch-counter.js';
