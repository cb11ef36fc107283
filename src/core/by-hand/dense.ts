/**
 * Small dense-matrix helpers on nested arrays (Matrix = number[][]), for the analysis code
 * (Jacobians, spectral radius). Always float64; sizes are a few dozen, so clarity beats speed.
 */
import type { Matrix } from "../arrays.js";

/** I, the n×n identity. */
export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => a[i][j]));
}

/** A·B for A (m, k) and B (k, n). */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const k = b.length;
  if (a.length > 0 && a[0].length !== k) {
    throw new Error(`matMul: A is [${a.length}, ${a[0].length}] but B has ${k} rows`);
  }
  const n = k === 0 ? 0 : b[0].length;
  return a.map((row) => {
    const out = new Array<number>(n).fill(0);
    for (let p = 0; p < k; p++) {
      const aip = row[p];
      if (aip === 0) continue;
      const bRow = b[p];
      for (let j = 0; j < n; j++) out[j] += aip * bRow[j];
    }
    return out;
  });
}

/** A·v for A (m, n) and a column vector v (n). */
export function matVec(a: Matrix, v: number[]): number[] {
  return a.map((row) => row.reduce((sum, aij, j) => sum + aij * v[j], 0));
}

/** vᵀ·A for a row vector v (m) and A (m, n). */
export function vecMat(v: number[], a: Matrix): number[] {
  const n = a.length === 0 ? 0 : a[0].length;
  const out = new Array<number>(n).fill(0);
  v.forEach((vi, i) => {
    for (let j = 0; j < n; j++) out[j] += vi * a[i][j];
  });
  return out;
}

/** s·A. */
export function scale(a: Matrix, s: number): Matrix {
  return a.map((row) => row.map((x) => s * x));
}

/** ‖A‖_F = √(Σ a_ij²). */
export function frobeniusNorm(a: Matrix): number {
  let sum = 0;
  for (const row of a) for (const x of row) sum += x * x;
  return Math.sqrt(sum);
}

/** ‖v‖₂. */
export function vectorNorm(v: number[]): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}
