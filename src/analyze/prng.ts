/**
 * Seeded pseudo-random numbers, so simulated intervals and tests are reproducible run to run.
 * Uniforms: mulberry32 (tiny, fast, good enough for Monte Carlo; not for cryptography).
 * Normals: Marsaglia-Tsang ziggurat with 128 layers: one 32-bit draw and a table lookup for ~99% of
 * deviates, which matters because interval simulation draws paths × horizon of them.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal deviate. */
  normal(): number;
  /** Fills `out` with standard normal deviates. */
  fillNormal(out: Float64Array): void;
};

const LAYERS = 128;
const R = 3.442619855899;
const kn = new Int32Array(LAYERS);
const wn = new Float64Array(LAYERS);
const fn = new Float64Array(LAYERS);
(() => {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[LAYERS - 1] = dn / m1;
  fn[0] = 1;
  fn[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
})();

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const nextInt = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return t ^ (t >>> 14);
  };
  const next = (): number => (nextInt() >>> 0) / 4294967296;
  // The slow path: wedges between layers, and the tail beyond R (about 1% of draws).
  const fix = (first: number): number => {
    let hz = first;
    for (;;) {
      const iz = hz & (LAYERS - 1);
      const x = hz * (wn[iz] as number);
      if (iz === 0) {
        let tx: number;
        let ty: number;
        do {
          tx = -Math.log(1 - next()) / R;
          ty = -Math.log(1 - next());
        } while (ty + ty < tx * tx);
        return hz > 0 ? R + tx : -R - tx;
      }
      if ((fn[iz] as number) + next() * ((fn[iz - 1] as number) - (fn[iz] as number)) < Math.exp(-0.5 * x * x)) return x;
      hz = nextInt();
      const jz = hz & (LAYERS - 1);
      if (Math.abs(hz) < (kn[jz] as number)) return hz * (wn[jz] as number);
    }
  };
  const normal = (): number => {
    const hz = nextInt();
    const iz = hz & (LAYERS - 1);
    return Math.abs(hz) < (kn[iz] as number) ? hz * (wn[iz] as number) : fix(hz);
  };
  const fillNormal = (out: Float64Array): void => {
    for (let i = 0; i < out.length; i++) out[i] = normal();
  };
  return { next, normal, fillNormal };
}
