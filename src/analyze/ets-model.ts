/** The exponential-smoothing family in ETS(error, trend, season) terms, and how user-facing names map to it. */
export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';
export type EtsSpec = { error: ErrorType; trend: TrendType; season: SeasonType };

/** The names a user picks from (CLI `--model`) and reports show. */
export type ModelName = 'ses' | 'holt' | 'damped' | 'hw-add' | 'hw-mul';
export type ModelChoice = 'auto' | ModelName;
export const MODEL_CHOICES: readonly ModelChoice[] = ['auto', 'ses', 'holt', 'damped', 'hw-add', 'hw-mul'];

export function etsLabel(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** Family name of a fitted model: seasonal models are Holt-Winters whatever their trend. */
export function modelNameOf(spec: EtsSpec): ModelName {
  if (spec.season === 'A') return 'hw-add';
  if (spec.season === 'M') return 'hw-mul';
  if (spec.trend === 'Ad') return 'damped';
  return spec.trend === 'A' ? 'holt' : 'ses';
}

/** Smoothing parameters plus the initial-state count, as R's ets counts them for the AICc (sigma excluded). */
export function parameterCount(spec: EtsSpec, m: number): number {
  let np = 2; // alpha, l0
  if (spec.trend !== 'N') np += 2; // beta, b0
  if (spec.trend === 'Ad') np += 1; // phi
  if (spec.season !== 'N') np += m; // gamma and m - 1 free seasonal states
  return np;
}

/** One-step residual variance with the fitted parameters and initial states counted out. */
export function residualVariance(sse: number, nobs: number, spec: EtsSpec, m: number): number {
  return sse / Math.max(nobs - parameterCount(spec, m), 1);
}

const AUTO_SPECS: readonly EtsSpec[] = (() => {
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of ['N', 'A', 'M'] as const) {
        // As forecast::ets(restrict = TRUE): additive errors with multiplicative seasonality are numerically unstable.
        if (error === 'A' && season === 'M') continue;
        out.push({ error, trend, season });
      }
    }
  }
  return out;
})();

/**
 * Candidate models for a choice. `seasonal` says whether the data can support a seasonal model,
 * `positive` whether multiplicative forms are meaningful (they divide by the level).
 */
export function candidateSpecs(input: { choice: ModelChoice; seasonal: boolean; positive: boolean }): EtsSpec[] {
  const { choice, seasonal, positive } = input;
  const allowed = (s: EtsSpec): boolean => (positive || (s.error === 'A' && s.season !== 'M')) && (seasonal || s.season === 'N');
  if (choice === 'auto') return AUTO_SPECS.filter(allowed);
  const shape: Record<ModelName, Omit<EtsSpec, 'error'>> = {
    ses: { trend: 'N', season: 'N' },
    holt: { trend: 'A', season: 'N' },
    damped: { trend: 'Ad', season: 'N' },
    'hw-add': { trend: 'A', season: 'A' },
    'hw-mul': { trend: 'A', season: 'M' },
  };
  const { trend, season } = shape[choice];
  // The error type stays a choice the likelihood makes, except where additive errors are excluded.
  return (['A', 'M'] as const)
    .map((error): EtsSpec => ({ error, trend, season }))
    .filter((s) => !(s.error === 'A' && s.season === 'M'))
    .filter(allowed);
}
