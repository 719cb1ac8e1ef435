/**
 * Forecastability (admissibility) of seasonal ETS parameters, the checks forecast::ets applies on top of
 * the usual 0 < β < α < 1, 0 < γ < 1 - α bounds: a few linear conditions, then all roots of the
 * characteristic polynomial inside the unit circle. The root test is a Schur-Cohn step-down (O(m²),
 * no complex arithmetic) on the polynomial with its argument scaled by 1 + 1e-9, which accepts roots on
 * the unit circle as R's tolerance of 1e-10 does.
 */

/** True when every root of Σ a[j] z^j (j ≤ degree) lies strictly inside the unit circle. Overwrites `a`. */
export function rootsInsideUnitCircle(a: Float64Array, degree: number, scratch: Float64Array): boolean {
  let n = degree;
  while (n > 0) {
    const an = a[n] as number;
    const a0 = a[0] as number;
    if (Math.abs(a0) >= Math.abs(an)) return false;
    let scale = 0;
    for (let j = 0; j < n; j++) {
      const c = an * (a[j + 1] as number) - a0 * (a[n - 1 - j] as number);
      scratch[j] = c;
      scale = Math.max(scale, Math.abs(c));
    }
    if (scale === 0) return false;
    for (let j = 0; j < n; j++) a[j] = (scratch[j] as number) / scale;
    n--;
  }
  return true;
}

export type AdmissibilityCheck = (alpha: number, beta: number, gamma: number, phi: number) => boolean;

/**
 * A checker for period m that reuses its buffers: it runs once per likelihood evaluation. Without
 * `roots` only the linear conditions are checked (the structure search on block means, where the
 * fit only ranks models and the root test would be a tenth of the cost).
 */
export function createAdmissibilityCheck(m: number, roots = true): AdmissibilityCheck {
  const coef = new Float64Array(m + 2);
  const scratch = new Float64Array(m + 2);
  const scaleUp = Float64Array.from({ length: m + 2 }, (_, j) => Math.pow(1 + 1e-9, j));
  return (alpha, beta, gamma, phi) => {
    if (phi < 0 || phi > 1 + 1e-8) return false;
    if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
    if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
    if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
    if (!roots) return true;
    // Characteristic polynomial, increasing powers (degree m + 1).
    coef[0] = phi * (1 - alpha - gamma);
    coef[1] = alpha + beta - alpha * phi + gamma - 1;
    for (let j = 2; j < m; j++) coef[j] = alpha + beta - alpha * phi;
    coef[m] = alpha + beta - phi;
    coef[m + 1] = 1;
    for (let j = 0; j < m + 2; j++) coef[j] = (coef[j] as number) * (scaleUp[j] as number);
    return rootsInsideUnitCircle(coef, m + 1, scratch);
  };
}
