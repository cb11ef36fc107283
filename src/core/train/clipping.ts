/**
 * Gradient-norm clipping (Pascanu et al. 2013): when the gradient of ALL parameters together is
 * longer than `maxNorm`, scale it down to that length. The direction stays; only the step shrinks,
 * so one exploding batch cannot throw the weights far away.
 *   g ← g · min(1, maxNorm / ‖g‖),   ‖g‖ = √(Σ over every parameter of g²)
 */
/** Named flat buffers (parameters, or their gradients under the same names); absent = unused. */
export type ParameterSet = Record<string, Float64Array | undefined>;

/** ‖g‖ over every parameter together (the "global norm"). */
export function gradientNorm(gradients: ParameterSet): number {
  let sumOfSquares = 0;
  for (const g of Object.values(gradients)) {
    if (g) for (let j = 0; j < g.length; j++) sumOfSquares += g[j] * g[j];
  }
  return Math.sqrt(sumOfSquares);
}

export interface ClipResult {
  /** ‖g‖ before clipping. */
  norm: number;
  /** Whether the gradients were scaled down. */
  clipped: boolean;
}

/** Scales `gradients` in place so that their global norm is at most `maxNorm`. */
export function clipGradientNorm(gradients: ParameterSet, maxNorm: number): ClipResult {
  if (!(maxNorm > 0)) throw new Error(`clipNorm: expected a positive number, got ${maxNorm}`);
  const norm = gradientNorm(gradients);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) return { norm, clipped: false };
  // g ← g · maxNorm / ‖g‖
  const scale = maxNorm / norm;
  for (const g of Object.values(gradients)) {
    if (g) for (let j = 0; j < g.length; j++) g[j] *= scale;
  }
  return { norm, clipped: true };
}
