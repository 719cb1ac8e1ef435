export type { Availability, CheckKind, CheckResult, CheckStateReader, CheckStatus, CheckTransition, RestartRecord } from './types.js';
export { runHostChecks, type ChecksDeps, type ProbeEnv } from './run-host-checks.js';
export { createCheckStateReader } from './state-reader.js';
export { createCheckStore, type CheckStore } from './check-store.js';
export { computeAvailability, accountingSentence } from './availability.js';
export { checksForHost, checksLockDuration, checksTick } from './select-checks.js';
