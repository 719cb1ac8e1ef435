import type { AlertInstance, AlertReader } from '../../alert/types.js';
import type { Availability, CheckStateReader, RestartRecord } from '../../checks/types.js';
import type { Status } from './thresholds.js';

export type HostOperations = {
  /**
   * `unknown` when no time of the period had a known status (e.g. systemd absent all along);
   * `nodata` when there was no result in the period at all: nothing to call OK or not.
   */
  availability: Array<Availability & { status: Status | 'unknown' | 'nodata' }>;
  incidents: Array<{ check: string; from: number; to: number | null; status: string; message: string }>;
  restarts: RestartRecord[];
  alerts: AlertInstance[];
};

/** Below this a check's availability is a finding in the summary. */
export const AVAILABILITY_WARN_PCT = 99.5;

/** Checks, restarts and alerts of one host in the period, from their stores. */
export async function hostOperations(opts: { checks: CheckStateReader; alerts: AlertReader; host: string; from: number; to: number }): Promise<HostOperations> {
  const q = { host: opts.host, from: opts.from, to: opts.to };
  const [availability, restarts, alerts] = await Promise.all([opts.checks.availability(q), opts.checks.restarts(q), opts.alerts.history(q)]);
  return {
    availability: availability.map((a) => ({
      ...a,
      status:
        a.availabilityPct === null
          ? a.unknownMs > 0
            ? ('unknown' as const)
            : ('nodata' as const)
          : a.availabilityPct < 95
            ? 'fail'
            : a.availabilityPct < AVAILABILITY_WARN_PCT
              ? 'warn'
              : 'ok',
    })),
    incidents: availability.flatMap((a) => a.incidents.map((i) => ({ check: a.check, ...i }))).sort((a, b) => a.from - b.from),
    restarts: restarts.sort((a, b) => a.t - b.t),
    alerts: alerts.filter((a) => a.firedAt !== null),
  };
}
