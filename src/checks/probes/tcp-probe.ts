import { connect } from 'node:net';
import type { CheckOf } from '../../config/checks-schema.js';
import { stopwatch } from '../../shared/elapsed.js';
import type { ProbeOutcome } from './probe.js';

/** TCP connect with a timeout; the connection is closed at once. */
export function probeTcp(check: CheckOf<'tcp'>): Promise<ProbeOutcome> {
  const elapsed = stopwatch();
  const where = `${check.host}:${check.port}`;
  return new Promise((resolve) => {
    const socket = connect({ host: check.host, port: check.port });
    const done = (out: ProbeOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(() => done({ status: 'fail', message: `no connection to ${where} within ${check.timeout} ms`, latencyMs: null }), check.timeout);
    socket.once('connect', () => {
      const latencyMs = elapsed();
      done({ status: 'ok', message: `connected to ${where} in ${latencyMs} ms`, latencyMs });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ECONNREFUSED' ? 'connection refused' : `${err.code ?? err.message}`;
      done({ status: 'fail', message: `${where}: ${why}`, latencyMs: null });
    });
  });
}
