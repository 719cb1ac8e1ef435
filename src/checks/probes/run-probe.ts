import type { CheckConfig } from '../../config/checks-schema.js';
import type { CheckResult } from '../types.js';
import { fail, type ProbeContext, type ProbeOutcome } from './probe.js';
import { probeProcess } from './process-probe.js';
import { probeResource } from './resource-probe.js';
import { probeSystemd } from './systemd-probe.js';
import { isTimedCheck, runTimedProbe } from './timed-probes.js';

function dispatch(check: CheckConfig, ctx: ProbeContext): Promise<ProbeOutcome> {
  if (isTimedCheck(check)) return runTimedProbe(check, ctx.now);
  switch (check.kind) {
    case 'process':
      return probeProcess(check, ctx);
    case 'systemd':
      return probeSystemd(check, ctx);
    case 'resource':
      return probeResource(check, ctx);
  }
}

/**
 * Runs one check and never throws: a probe that breaks is a failed check with the reason. The
 * outer guard (timeout + 1 s) catches a probe that forgot its own deadline. What measures a time
 * runs on the probe thread when there is one (see probe-thread.ts), which keeps that guard itself
 * from the moment the thread starts the probe: a thread still starting up is not the probe's time.
 */
export async function runProbe(check: CheckConfig, ctx: ProbeContext): Promise<CheckResult> {
  const t = ctx.now();
  const result = (out: ProbeOutcome): CheckResult => ({
    host: ctx.host,
    check: check.name,
    kind: check.kind,
    status: out.status,
    latencyMs: out.latencyMs,
    message: out.message,
    t,
    ...(out.details ? { details: out.details } : {}),
  });
  if (isTimedCheck(check) && ctx.thread) return result(await ctx.thread.run(check, ctx.now));
  let guard: NodeJS.Timeout | undefined;
  const limit = check.timeout + 1_000;
  const overdue = new Promise<ProbeOutcome>((resolve) => {
    guard = setTimeout(() => resolve(fail(`probe did not finish within ${limit} ms`)), limit);
  });
  let out: ProbeOutcome;
  try {
    out = await Promise.race([dispatch(check, ctx), overdue]);
  } catch (err) {
    out = fail(`probe error: ${(err as Error).message}`);
  } finally {
    clearTimeout(guard);
  }
  return result(out);
}
