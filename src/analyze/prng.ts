/**
 * Seeded pseudo-random numbers, so simulated intervals and tests are reproducible run to run.
 * mulberry32: tiny, fast, and good enough for Monte Carlo sample paths (not for cryptography).
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal deviate. */
  normal(): number;
};

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  let spare = Number.NaN;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Marsaglia's polar method: two deviates per accepted pair, no trigonometry.
  const normal = (): number => {
    if (spare === spare) {
      const out = spare;
      spare = Number.NaN;
      return out;
    }
    for (;;) {
      const u = 2 * next() - 1;
      const v = 2 * next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const k = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * k;
        return u * k;
      }
    }
  };
  return { next, normal };
}
