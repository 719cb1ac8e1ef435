export { createRedactor, MAX_EXAMPLE_CHARS, REDACTED, RULE_NAMES } from './redact.js';
export type { Redactor } from './redact.js';
export { compileRedactPatterns, RedactPatternError, ZRedactPatterns, MAX_REDACT_PATTERNS, MAX_REDACT_PATTERN_CHARS } from './redact-patterns.js';
export { ExampleKeeper } from './example-keeper.js';
export type { ExampleKeeperOptions } from './example-keeper.js';
