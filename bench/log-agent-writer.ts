// Appends realistic syslog lines at a steady rate, as a daemon's syslog does: the message texts of
// the 12 LogHub sets (test/fixtures/loghub), interleaved in a fixed pseudo-random order, behind an
// RFC 3164 header with the current local time. One O_APPEND write per line.
// Usage: log-agent-writer.ts FILE RATE SECONDS. Prints "started", then "done N" with the lines written.
import { closeSync, openSync, writeSync } from 'node:fs';
import { LOGHUB_SETS, loadLoghubSet } from '../test/utils/loghub.js';

const [file, rateArg, secondsArg] = process.argv.slice(2);
if (!file || !rateArg || !secondsArg) throw new Error('usage: log-agent-writer.ts FILE RATE SECONDS');
const rate = Number(rateArg);
const count = Math.round(rate * Number(secondsArg));

const pool: Array<{ app: string; content: string }> = [];
for (const name of LOGHUB_SETS) {
  const set = loadLoghubSet(name);
  for (const content of set.contents) pool.push({ app: name.toLowerCase(), content });
}
// A fixed shuffle (xorshift), so every run writes the same sequence.
let seed = 0x9e3779b9;
const next = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [pool[i], pool[j]] = [pool[j]!, pool[i]!];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
function bsdTime(d: Date): string {
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const fd = openSync(file, 'a');
const started = Date.now();
let written = 0;
process.stdout.write('started\n');
const timer = setInterval(() => {
  const due = Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000));
  const time = bsdTime(new Date());
  for (; written < due; written++) {
    const p = pool[written % pool.length]!;
    writeSync(fd, `${time} bench-host ${p.app}[${1000 + (written % 50)}]: ${p.content}\n`);
  }
  if (written < count) return;
  clearInterval(timer);
  closeSync(fd);
  process.stdout.write(`done ${written}\n`);
}, 10);
