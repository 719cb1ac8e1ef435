import { syslogParser } from '../src/logs/parse/index.js';
import { scanAuthFile } from '../src/security/auth/scan-auth-log.js';
const { parse } = syslogParser({ referenceTime: Date.UTC(2026, 11, 31), timeZone: 'UTC' });
const t = process.hrtime.bigint(); const c = process.cpuUsage();
const s = await scanAuthFile('/tmp/secprof/auth.log', { parse, keepEvents: false });
const d = process.cpuUsage(c);
console.log(JSON.stringify({ lines: s.lines, wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: (d.user + d.system) / 1e6, failed: s.summary.failedLogins.total, sources: s.summary.failedLogins.bySource.length }));
