/**
 * Flat row-major buffers and the few matrix kernels the cells need.
 *
 * Two precisions share one code path: the buffers' type does the rounding. A Float32Array
 * rounds every stored value to float32, exactly as tfjs's cpu backend does after each op;
 * a Float64Array keeps doubles. `round` is for the few values a cell combines before storing.
 */

export type Precision = "float64" | "float32";
export type Floats = Float64Array | Float32Array;

export interface Arithmetic {
  precision: Precision;
  /** Rounds a double to the working precision (identity in float64). */
  round: (x: number) => number;
  /** A zeroed buffer of the working precision. */
  alloc: (length: number) => Floats;
}

const FLOAT64: Arithmetic = {
  precision: "float64",
  round: (x) => x,
  alloc: (length) => new Float64Array(length),
};

const FLOAT32: Arithmetic = {
  precision: "float32",
  round: Math.fround,
  alloc: (length) => new Float32Array(length),
};

export function arithmetic(precision: Precision): Arithmetic {
  return precision === "float32" ? FLOAT32 : FLOAT64;
}

/** tfjs's cpu matMul sums the shared dimension in blocks of 48 in a double, then adds each
 * block's sum into the float32 result. Copying that order makes float32 mode bit-exact. */
export const TFJS_CPU_MATMUL_BLOCK = 48;

/**
 * out[m×n] = a[m×k] · b[k×n].
 * Leading dimensions (row strides) let a caller multiply by a column block of a fused weight
 * matrix: pass `b.subarray(offset)` with ldb = the full row length.
 */
export function matMul(
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  ldb = n,
  ldo = n,
  lda = k,
): void {
  const blockSum = new Float64Array(n);
  for (let row = 0; row < m; row++) {
    const aRow = row * lda;
    const outRow = row * ldo;
    for (let j = 0; j < n; j++) out[outRow + j] = 0;
    for (let k0 = 0; k0 < k; k0 += TFJS_CPU_MATMUL_BLOCK) {
      const k1 = Math.min(k0 + TFJS_CPU_MATMUL_BLOCK, k);
      blockSum.fill(0);
      for (let p = k0; p < k1; p++) {
        const aValue = a[aRow + p];
        const bRow = p * ldb;
        for (let j = 0; j < n; j++) blockSum[j] += aValue * b[bRow + j];
      }
      for (let j = 0; j < n; j++) out[outRow + j] += blockSum[j];
    }
  }
}

/** out[m×n] += a[m×k] · b[n×k]ᵀ — e.g. ∂L/∂h_{t-1} = ∂L/∂z_t · Uᵀ. */
export function matMulTransposedBAdd(
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  lda = k,
  ldb = k,
  ldo = n,
): void {
  for (let row = 0; row < m; row++) {
    const aRow = row * lda;
    for (let j = 0; j < n; j++) {
      const bRow = j * ldb;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p] * b[bRow + p];
      out[row * ldo + j] += sum;
    }
  }
}

/** out[k×n] += a[m×k]ᵀ · b[m×n] — e.g. ∂L/∂U += h_{t-1}ᵀ · ∂L/∂z_t. */
export function matMulTransposedAAdd(
  a: Floats,
  b: Floats,
  out: Floats,
  m: number,
  k: number,
  n: number,
  lda = k,
  ldb = n,
  ldo = n,
): void {
  for (let row = 0; row < m; row++) {
    const aRow = row * lda;
    const bRow = row * ldb;
    for (let p = 0; p < k; p++) {
      const aValue = a[aRow + p];
      if (aValue === 0) continue;
      const outRow = p * ldo;
      for (let j = 0; j < n; j++) out[outRow + j] += aValue * b[bRow + j];
    }
  }
}

/** out[j] += Σ_row a[row, j] over the first n columns of each row (bias gradients). */
export function addColumnSums(a: Floats, out: Floats, m: number, n: number, lda = n): void {
  for (let row = 0; row < m; row++) {
    const aRow = row * lda;
    for (let j = 0; j < n; j++) out[j] += a[aRow + j];
  }
}
