// The sources stage of log analysis: reads lines off the host (docs/LOG-SOURCES.md).
export type { BatchStats, FileLine, JournalRecord, LogSource, SourceBatch, SourceCheckpoint, SourceStatus } from './types.js';
export { FileTailer, type FileTailerOptions } from './file-tailer.js';
export { JournalSource, type JournalSourceOptions } from './journal-source.js';
export { createFilePositionStore, createMemoryPositionStore, type PositionStore } from './position-store.js';
export { createSources, DEFAULT_FILE_SOURCES, hasSystemJournal, planSources, type FileSourcePlan, type JournalPlan, type SourcePlan } from './plan-sources.js';
export { toJournalRecord, chooseApp, JOURNAL_FIELDS } from './journal-record.js';
