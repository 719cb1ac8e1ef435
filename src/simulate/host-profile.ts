import type { Rng } from '../analyze/prng.js';

/** What makes one simulated host behave the way it does; drawn once from the seed. */
export type HostProfile = {
  id: string;
  cores: number;
  memTotal: number;
  cpuBase: number;
  cpuDaily: number;
  cpuWeekendFactor: number;
  memBasePct: number;
  /** Memory growth in percentage points per day (a slow leak), 0 for most hosts. */
  memLeakPctPerDay: number;
  disks: Array<{ mount: string; device: string; size: number; startPct: number; pctPerDay: number; cleanupAtFrac: number | null; cleanupToPct: number }>;
  netBps: number;
  /** Swap size, 0 for hosts without swap (every third host). */
  swapTotal: number;
  /** Block devices as the collector reports them (whole disks), each with its share of the IO. */
  ioDevices: Array<{ device: string; share: number }>;
  ioBps: number;
  /** Hosts with a second NIC send nightly backups over it; some carry an idle ifb0 (traffic shaping). */
  backupNic: boolean;
  idleIfb: boolean;
  /** A stretch with no samples at all: the host went silent. */
  silent: { fromFrac: number; hours: number } | null;
  /** A service that goes down and up: feeds checks and incidents. */
  flapping: boolean;
};

const GiB = 1024 ** 3;

/**
 * Roles are spread deterministically so every fleet has each behaviour: every 4th host fills
 * /var, every 5th has a cleanup on /data (a level shift), every 6th leaks memory, every 10th goes
 * silent for a while, every 7th has a flapping service. Every third host has no swap, every other one a
 * backup NIC busy at night, and every third an idle ifb0 the reports leave out.
 */
export function drawProfile(index: number, rng: Rng): HostProfile {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const cores = pick([2, 4, 8, 16, 32]);
  return {
    id: `sim-${String(index + 1).padStart(3, '0')}`,
    cores,
    memTotal: pick([4, 8, 16, 32, 64]) * GiB,
    cpuBase: 8 + rng.next() * 25,
    cpuDaily: 5 + rng.next() * 25,
    cpuWeekendFactor: 0.4 + rng.next() * 0.4,
    memBasePct: 30 + rng.next() * 30,
    memLeakPctPerDay: index % 6 === 2 ? 1.5 + rng.next() * 2 : 0,
    disks: [
      {
        mount: '/',
        device: '/dev/sda1',
        size: pick([50, 100, 200]) * GiB,
        startPct: 30 + rng.next() * 20,
        pctPerDay: 0.05 + rng.next() * 0.2,
        cleanupAtFrac: null,
        cleanupToPct: 0,
      },
      {
        mount: '/var',
        device: '/dev/sda2',
        size: pick([100, 250, 500]) * GiB,
        startPct: index % 4 === 0 ? 50 + rng.next() * 8 : 20 + rng.next() * 30,
        pctPerDay: index % 4 === 0 ? 1.8 + rng.next() * 0.6 : 0.1 + rng.next() * 0.3,
        cleanupAtFrac: null,
        cleanupToPct: 0,
      },
      {
        mount: '/data',
        device: '/dev/sdb1',
        size: pick([500, 1000, 2000]) * GiB,
        startPct: 40 + rng.next() * 20,
        pctPerDay: index % 5 === 1 ? 2 + rng.next() : 0.2,
        cleanupAtFrac: index % 5 === 1 ? 0.55 + rng.next() * 0.2 : null,
        cleanupToPct: 25 + rng.next() * 10,
      },
    ],
    netBps: (1 + rng.next() * 50) * 1024 * 1024,
    swapTotal: index % 3 === 2 ? 0 : pick([2, 4, 8]) * GiB,
    ioDevices: [
      { device: 'sda', share: 0.35 },
      { device: 'sdb', share: 0.65 },
    ],
    ioBps: (2 + rng.next() * 40) * 1024 * 1024,
    backupNic: index % 2 === 0,
    idleIfb: index % 3 === 0,
    silent: index % 10 === 9 ? { fromFrac: 0.3 + rng.next() * 0.4, hours: 6 + Math.floor(rng.next() * 12) } : null,
    flapping: index % 7 === 3,
  };
}
