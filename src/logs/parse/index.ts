export { bareFields, toLogEntry } from './header-fields.js';
export type { HeaderFields, LineParser, TimeOptions } from './header-fields.js';
export { parseSyslog, syslogParser } from './syslog.js';
export type { SyslogParse } from './syslog.js';
export { readBsdTime, readIsoTime } from './timestamps.js';
export { compilePattern, matchPattern, PatternError } from './logparser-pattern.js';
export type { HeaderPattern } from './logparser-pattern.js';
