// A log writer in its own process, appending numbered lines at a steady rate, the way a daemon
// does: one O_APPEND descriptor held open, reopened on SIGHUP (as rsyslog after logrotate's
// postrotate). Usage: log-writer-process.ts FILE RATE COUNT [PAD]. Prints "started" and "done N".
import { closeSync, openSync, writeSync } from 'node:fs';

const [file, rateArg, countArg, padArg] = process.argv.slice(2);
if (!file || !rateArg || !countArg) throw new Error('usage: log-writer-process.ts FILE RATE COUNT [PAD]');
const rate = Number(rateArg);
const count = Number(countArg);
const pad = 'x'.repeat(Number(padArg ?? 40));
let fd = openSync(file, 'a');
process.on('SIGHUP', () => {
  closeSync(fd);
  fd = openSync(file, 'a');
});
const started = Date.now();
let written = 0;
process.stdout.write('started\n');
const timer = setInterval(() => {
  const due = Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000));
  // One write per line: each is one O_APPEND write(2), so a line is never split between files.
  for (; written < due; written++) writeSync(fd, `line ${written + 1} ${pad}\n`);
  if (written < count) return;
  clearInterval(timer);
  closeSync(fd);
  process.stdout.write(`done ${written}\n`);
}, 5);
