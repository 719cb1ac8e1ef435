import type { CheckConfig } from '../../config/checks-schema.js';
import { probeCommand } from './command-probe.js';
import { probeHttp } from './http-probe.js';
import type { ProbeOutcome, TimedCheck } from './probe.js';
import { probeTcp } from './tcp-probe.js';

export function isTimedCheck(check: CheckConfig): check is TimedCheck {
  return check.kind === 'http' || check.kind === 'tcp' || check.kind === 'command';
}

/** `now` is the wall clock for certificate expiry; durations come from the monotonic clock. */
export function runTimedProbe(check: TimedCheck, now: () => number): Promise<ProbeOutcome> {
  switch (check.kind) {
    case 'http':
      return probeHttp(check, now);
    case 'tcp':
      return probeTcp(check);
    case 'command':
      return probeCommand(check);
  }
}
