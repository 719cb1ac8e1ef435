import { isStored, snapshotSamples, storedValue } from '../metrics/index.js';
import type { Point } from '../store/types.js';
import type { Snapshot } from './snapshot.js';

/**
 * Flattens a snapshot into store points, all stamped with the snapshot time: the catalogue's
 * stored snapshot metrics, at their stored precision (metrics/stored-precision.ts). Processes are
 * not series; they go to the latest-snapshot record.
 */
export function snapshotToPoints(s: Snapshot): Point[] {
  return snapshotSamples(s)
    .filter((x) => isStored(x.def))
    .map((x) => {
      const v = storedValue(x.def, x.v);
      return x.labels ? { metric: x.def.name, labels: x.labels, t: s.t, v } : { metric: x.def.name, t: s.t, v };
    });
}
