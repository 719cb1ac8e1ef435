import type { ProcessIdentity } from '../shared/process-identity.js';

/** The BullMQ job lock a holder works under: while `key` holds `token`, BullMQ counts it as the job's owner. */
export type JobFence = { key: string; token: string };

/** What a lease's value says about its holder: who, since when, and under which job lock. */
export type LeaseHolder = ProcessIdentity & { lease: string; since: number; fence?: JobFence };

export type Lease = {
  /** False once another process took the lease over (or it ran out unrenewed). */
  held(): Promise<boolean>;
  release(): Promise<void>;
};

export type LeaseRequest = {
  key: string;
  /** Renewed every third of it while held: a holder that dies loses the lease within `ttlMs`. */
  ttlMs: number;
  fence?: JobFence;
  /** Called when the lease is taken from a holder known to be gone. */
  onTakeover?(gone: LeaseHolder | null): void;
  /** Called once when a renewal finds another holder. */
  onLost?(): void;
};

/**
 * Leases that a dead holder cannot keep. A holder is gone when its BullMQ job lock no longer holds
 * its token (the fence), when it ran on this host and its process is gone, or when it stopped
 * renewing and the TTL ran out.
 */
export type Leases = {
  /** One attempt: the lease, or the live holder that has it (null if its value is unreadable). */
  tryAcquire(r: LeaseRequest): Promise<{ lease: Lease } | { lease: null; holder: LeaseHolder | null }>;
};
