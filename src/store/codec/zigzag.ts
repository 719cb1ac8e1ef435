/**
 * Zigzag on doubles instead of int32 so that deltas up to 2^52 survive: (-1, 1, -2) -> (1, 2, 3).
 * Callers keep |n| < 2^52, where every result is an exactly representable integer.
 */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Greatest common divisor of two non-negative safe integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}
