/**
 * Sizes of a matrix that decide whether a repeated product shrinks or grows (chapter 02):
 * - the spectral radius ρ(A) = max |λ_i|, the largest eigenvalue magnitude: ‖Aᵏ‖ ≈ ρ(A)ᵏ for
 *   large k (Gelfand's formula), so ρ < 1 vanishes and ρ > 1 explodes;
 * - the spectral norm ‖A‖₂ = σ_max(A), the largest singular value: how much A can stretch one
 *   vector, ‖A v‖ ≤ ‖A‖₂ ‖v‖.
 * And a way to build a recurrent matrix with exactly the spectral radius we want: ρ·Q with Q
 * orthogonal has every eigenvalue on the circle |λ| = ρ (and every singular value equal to ρ).
 */
import type { Matrix } from "../arrays.js";
import { frobeniusNorm, matMul, matVec, scale, transpose, vectorNorm } from "../by-hand/dense.js";
import { normal, seededRandom } from "../random.js";

/**
 * A seeded random orthogonal n×n matrix Q (QᵀQ = I): Gram–Schmidt on the columns of a
 * Gaussian matrix (done twice, which keeps QᵀQ = I to ~1e-15).
 */
export function orthogonalMatrix(n: number, seed: number): Matrix {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n: expected a positive integer, got ${n}`);
  const random = seededRandom(seed);
  const columns: number[][] = Array.from({ length: n }, () =>
    Array.from({ length: n }, () => normal(random)),
  );
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        // q_j ← q_j − (q_iᵀ q_j) q_i
        const dot = columns[i].reduce((sum, x, r) => sum + x * columns[j][r], 0);
        for (let r = 0; r < n; r++) columns[j][r] -= dot * columns[i][r];
      }
    }
    const norm = vectorNorm(columns[j]);
    for (let r = 0; r < n; r++) columns[j][r] /= norm;
  }
  return transpose(columns); // columns[j] is column j of Q
}

/** ρ·Q, Q orthogonal: an n×n matrix whose eigenvalues all have magnitude exactly ρ. */
export function matrixWithSpectralRadius(n: number, radius: number, seed: number): Matrix {
  if (!(radius >= 0)) throw new Error(`radius: expected a number ≥ 0, got ${radius}`);
  return scale(orthogonalMatrix(n, seed), radius);
}

/**
 * ρ(A) = lim_k ‖Aᵏ‖^(1/k) (Gelfand's formula), with k = 2^squarings: A is squared again and
 * again, renormalising each time and keeping the logarithm of the scale, so nothing overflows.
 * Works for any square matrix, also with complex eigenvalues (where power iteration does not).
 */
export function spectralRadius(a: Matrix, squarings = 40): number {
  const n = a.length;
  if (n === 0 || a.some((row) => row.length !== n)) {
    throw new Error(`spectralRadius: expected a square matrix, got ${n} rows`);
  }
  let norm = frobeniusNorm(a);
  if (norm === 0) return 0;
  // A^(2^m) = exp(logScale) · B, with ‖B‖_F = 1
  let logScale = Math.log(norm);
  let b = scale(a, 1 / norm);
  for (let m = 1; m <= squarings; m++) {
    b = matMul(b, b);
    norm = frobeniusNorm(b);
    if (norm === 0) return 0; // nilpotent: every eigenvalue is 0
    logScale = 2 * logScale + Math.log(norm);
    b = scale(b, 1 / norm);
  }
  // ρ = exp(log‖A^k‖ / k), k = 2^squarings
  return Math.exp(logScale / 2 ** squarings);
}

/**
 * ‖M‖₂ = σ_max(M) by power iteration on MᵀM from a fixed (seeded) start, so the answer is the
 * same on every run. M may be rectangular.
 */
export function spectralNorm(m: Matrix, maxIterations = 1000, tolerance = 1e-13): number {
  const cols = m.length === 0 ? 0 : m[0].length;
  if (cols === 0) return 0;
  const random = seededRandom(12345);
  let v = Array.from({ length: cols }, () => 0.5 + random());
  const mt = transpose(m);
  let sigma = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const vNorm = vectorNorm(v);
    if (vNorm === 0) return 0;
    v = v.map((x) => x / vNorm);
    const mv = matVec(m, v); // M v
    const next = vectorNorm(mv); // ‖M v‖ with ‖v‖ = 1 → σ_max from below
    v = matVec(mt, mv); // MᵀM v
    if (Math.abs(next - sigma) <= tolerance * next) return next;
    sigma = next;
  }
  return sigma;
}
