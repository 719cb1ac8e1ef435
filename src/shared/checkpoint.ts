/**
 * Named points on the way from data to a delivered report. Production passes the no-op; the fault
 * tests pass one that stops the worker at a point and says so, so a SIGKILL lands exactly there
 * (mid-collect, while Chromium prints, between the archive's file writes and its manifest line,
 * holding the chain's writer lock with the manifest line not yet written).
 */
export type CheckpointName = 'render:collecting' | 'render:printing' | 'archive:before-manifest' | 'archive:chain-locked';

export type Checkpoint = (name: CheckpointName) => Promise<void>;

export const noCheckpoint: Checkpoint = async () => undefined;
